import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateKey } from "../../../src/keys/format";
import { keyHash } from "../../../src/keys/record";
import { runCliCapture } from "../../support/cli";
import { scratch } from "../../support/tmp";

const REPO = join(__dirname, "..", "..", "..");

describe("src/cli/commands/keys-new and keys-scan", () => {
  let tmp: ReturnType<typeof scratch>;
  beforeEach(() => {
    tmp = scratch("keys-cli-");
    cpSync(join(REPO, "tenants"), join(tmp.dir, "tenants"), { recursive: true });
    cpSync(join(REPO, "runbooks"), join(tmp.dir, "runbooks"), { recursive: true });
  });
  afterEach(() => tmp.cleanup());
  const cli = (argv: string[], stdin?: string) => runCliCapture(argv, { cwd: tmp.dir, env: { EMAILMATE_OPERATOR: "alice" }, stdin });

  describe("keys new", () => {
    it("prints the key once and the record, with the agent's scopes from the tenant file", async () => {
      const r = await cli(["keys", "new", "--tenant", "acme", "--agent", "billing-bot", "--json"]);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as { key: string; record: Record<string, unknown> };
      expect(out.key).toMatch(/^emk_live_[0-9A-Za-z]{49}$/);
      expect(out.record).toEqual({ sha256: keyHash(out.key), last4: out.key.slice(-4), tenant: "acme", agent: "billing-bot", scopes: ["send", "events:read"], createdAt: "2026-11-29T12:00:00.000Z", revokedAt: null });
    });

    it("narrows scopes and appends the record, never the key, to --records", async () => {
      const r = await cli(["keys", "new", "--tenant", "acme", "--agent", "billing-bot", "--scopes", "send", "--env", "test", "--records", "keys.jsonl", "--json"]);
      const out = JSON.parse(r.stdout) as { key: string; record: { scopes: string[] } };
      expect([r.code, out.key.slice(0, 9), out.record.scopes]).toEqual([0, "emk_test_", ["send"]]);
      const stored = readFileSync(join(tmp.dir, "keys.jsonl"), "utf8");
      expect(stored).toBe(JSON.stringify(out.record) + "\n");
      expect(stored).not.toContain(out.key);
    });

    it("refuses an agent the tenant file does not list, exit 2, nothing written", async () => {
      const r = await cli(["keys", "new", "--tenant", "acme", "--agent", "billing-bott", "--records", "keys.jsonl"]);
      expect([r.code, r.stdout, r.stderr]).toEqual([
        2,
        "",
        'error: --agent billing-bott: tenant acme has no agent "billing-bott" under keys: in tenants/acme.yaml; did you mean "billing-bot"?\nhint: add the agent and its scopes to the tenant file in a pull request first\n',
      ]);
      expect(existsSync(join(tmp.dir, "keys.jsonl"))).toBe(false);
    });

    it("refuses scopes beyond the agent's, exit 2", async () => {
      const r = await cli(["keys", "new", "--tenant", "acme", "--agent", "billing-bot", "--scopes", "send,audit:read", "--json"]);
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout).error).toEqual({ code: "E_KEY_SCOPES", message: "--scopes: agent billing-bot of tenant acme may have only send, events:read (tenants/acme.yaml); not audit:read" });
    });

    it("refuses an unknown tenant, exit 2", async () => {
      const r = await cli(["keys", "new", "--tenant", "acme2", "--agent", "billing-bot"]);
      expect([r.code, r.stderr]).toEqual([2, 'error: --tenant acme2: no such tenant in tenants; did you mean "acme"?\n']);
    });
  });

  describe("keys scan", () => {
    const key = generateKey();

    it("finds a key in a folder tree, masked with its hash, never the whole key; exit 1", async () => {
      tmp.write("repo/src/config.ts", `export const token = "${key}";\n`);
      tmp.write("repo/node_modules/pkg/index.js", `"${generateKey()}"`);
      tmp.write("repo/.git/objects/x", `${generateKey()}`);
      tmp.write("repo/image.png", Buffer.concat([Buffer.from([0x89, 0x50, 0, 0]), Buffer.from(generateKey())]));
      tmp.write("repo/README.md", `a typo: ${key.slice(0, -1)}${key.endsWith("a") ? "b" : "a"}\n`);
      const r = await cli(["keys", "scan", "repo"]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe(
        `repo/src/config.ts:1:23: emk_live_…${key.slice(-4)} sha256:${keyHash(key)} (owner unknown)\nskipped (binary): repo/image.png\n1 key found in 2 files (${`export const token = "${key}";\n`.length + `a typo: ${key}\n`.length} bytes)\n`,
      );
      expect(r.stdout + r.stderr).not.toContain(key);
    });

    it("exit 0 and says so when nothing is found", async () => {
      tmp.write("clean/a.txt", "nothing here\n");
      const r = await cli(["keys", "scan", "clean", "--json"]);
      expect([r.code, JSON.parse(r.stdout)]).toEqual([0, { found: [], files: 1, bytes: 13, skippedBinary: [], unreadable: [], incidents: [] }]);
    });

    it("follows a symbolic link given on the command line, not one inside a folder; lists what it cannot read", async () => {
      tmp.write("real/secret.env", `KEY=${key}\n`);
      symlinkSync(join(tmp.dir, "real"), join(tmp.dir, "link"));
      tmp.write("tree/ok.txt", "fine\n");
      symlinkSync(join(tmp.dir, "real"), join(tmp.dir, "tree", "link"));
      tmp.write("tree/locked.txt", `${key}\n`);
      chmodSync(join(tmp.dir, "tree", "locked.txt"), 0o000);
      const viaLink = await cli(["keys", "scan", "link", "--json"]);
      expect(JSON.parse(viaLink.stdout).found.map((f: { file: string; line: number }) => `${f.file}:${f.line}`)).toEqual(["link/secret.env:1"]);
      const tree = await cli(["keys", "scan", "tree", "--json"]);
      const out = JSON.parse(tree.stdout) as { found: unknown[]; files: number; unreadable: string[] };
      const root = process.getuid?.() === 0;
      expect([tree.code, out.found.length, out.unreadable]).toEqual(root ? [1, 1, []] : [0, 0, ["tree/locked.txt (EACCES)"]]);
    });

    it("reads stdin with -", async () => {
      const r = await cli(["keys", "scan", "-", "--json"], `log line\n  Authorization: Bearer ${key}\n`);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).found).toEqual([{ file: "-", line: 2, col: 25, masked: `emk_live_…${key.slice(-4)}`, sha256: keyHash(key) }]);
      expect(r.stdout).not.toContain(key);
    });

    it("names the owner from --records and starts the leaked-api-key runbook as a dry run", async () => {
      const issued = await cli(["keys", "new", "--tenant", "acme", "--agent", "support-desk", "--records", "keys.jsonl", "--json"]);
      const leaked = (JSON.parse(issued.stdout) as { key: string }).key;
      tmp.write("paste.txt", `\n\nkey=${leaked}\n`);
      const r = await cli(["keys", "scan", "paste.txt", "--records", "keys.jsonl", "--start-incident"]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe(
        [
          `paste.txt:3:5: emk_live_…${leaked.slice(-4)} sha256:${keyHash(leaked)} (tenant acme, agent support-desk)`,
          `opened INC-20261129-001 (leaked-api-key, dry run) for tenant acme, agent support-desk, key …${leaked.slice(-4)}`,
          `1 key found in 1 file (${`\n\nkey=${leaked}\n`.length} bytes)`,
          "",
        ].join("\n"),
      );
      expect(r.stdout + r.stderr).not.toContain(leaked);
      expect(readdirSync(join(tmp.dir, ".incidents"))).toEqual(["INC-20261129-001"]);
      const journal = readFileSync(join(tmp.dir, ".incidents", "INC-20261129-001", "journal.jsonl"), "utf8");
      expect(journal).toContain(`"keyLast4":"${leaked.slice(-4)}"`);
      expect(journal).toContain('"foundAt":"paste.txt:3:5"');
      expect(journal).not.toContain(leaked);
    });

    it("--start-incident without --records is a usage error", async () => {
      const r = await cli(["keys", "scan", "tenants", "--start-incident"]);
      expect([r.code, r.stderr]).toEqual([2, "error: --start-incident needs --records <jsonl>: the owner of a key is known only from its stored record\n"]);
    });

    it("locates a broken records file, exit 2", async () => {
      writeFileSync(join(tmp.dir, "bad.jsonl"), `{"sha256":"${"a".repeat(64)}","last4":"abcd","tenant":"acme","agent":"x"}\n{oops\n{"sha256":"zz","last4":"a","tenant":"t","agent":"a"}\n`);
      const r = await cli(["keys", "scan", "tenants", "--records", "bad.jsonl"]);
      expect(r.code).toBe(2);
      expect(r.stderr.split("\n").slice(0, 2)).toEqual([
        expect.stringMatching(/^error: bad\.jsonl:2:1: E_KEY_RECORDS not JSON: /),
        "bad.jsonl:3:1: E_KEY_RECORDS expected sha256 as 64 lower-case hex digits",
      ]);
    });

    it("a path that does not exist is an environment error naming it, exit 3", async () => {
      const r = await cli(["keys", "scan", "nope"]);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain("nope: no such file or folder (ENOENT)");
    });
  });
});

describe("bin/emailmate-ops.js keys scan - (the installed command reading its real stdin)", () => {
  it("finds a piped key, masks it, exit 1", () => {
    const root = join(__dirname, "..", "..", "..");
    if (!existsSync(join(root, "dist", "cli.js"))) throw new Error("dist/ is missing: run `npm run build` (npm test does it first)");
    const key = generateKey();
    const r = spawnSync(process.execPath, [join(root, "bin", "emailmate-ops.js"), "keys", "scan", "-"], { cwd: root, input: `curl -H "Authorization: Bearer ${key}"\n`, encoding: "utf8" });
    expect([r.status, r.stdout]).toEqual([1, `-:1:32: emk_live_…${key.slice(-4)} sha256:${keyHash(key)} (owner unknown)\n1 key found in 1 file (${`curl -H "Authorization: Bearer ${key}"\n`.length} bytes)\n`]);
  });
});
