import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { collectProvenance, gitDirty } from "../../src/evidence/provenance";
import { loadTenants, tenantFsAt, tenantSource } from "../../src/tenants";

const sha = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "emailmate-provenance-"));
  dirs.push(dir);
  return dir;
}

const request = (cwd: string, inputs: Parameters<typeof collectProvenance>[0]["inputs"]) => ({
  cwd,
  env: { EMAILMATE_OPERATOR: "auditor" },
  now: new Date("2026-12-03T10:00:00Z"),
  toolVersion: "0.0.0-test",
  inputs,
  policy: { config: null, enforcement: {}, suppressions: [] },
  dirty: { dirty: "unknown" as const },
});

describe("src/evidence/provenance", () => {
  it("digests an input file as it is on disk", () => {
    const cwd = project();
    writeFileSync(join(cwd, "policy.yaml"), "a: 1\n");
    expect(collectProvenance(request(cwd, [{ kind: "policy-config", path: "policy.yaml" }])).inputs).toEqual([
      { kind: "policy-config", path: "policy.yaml", sha256: sha("a: 1\n"), bytes: 5 },
    ]);
  });

  it("digests the bytes the run validated when it has them, even if the file changed since (what was checked is what is recorded)", () => {
    const cwd = project();
    writeFileSync(join(cwd, "acme.yaml"), "changed after validation\n");
    const validated = new TextEncoder().encode("id: acme\n");
    expect(collectProvenance(request(cwd, [{ kind: "tenant", path: "acme.yaml", content: validated }])).inputs).toEqual([
      { kind: "tenant", path: "acme.yaml", sha256: sha("id: acme\n"), bytes: 9 },
    ]);
  });

  it("the tenant loader keeps the bytes each valid tenant was read from", () => {
    const set = loadTenants(["tenants"], tenantFsAt(join(__dirname, "../..")));
    expect(set.tenants.length).toBeGreaterThan(0);
    for (const t of set.tenants) {
      const bytes = tenantSource(t);
      expect(bytes, t.file).toBeDefined();
      expect(new TextDecoder().decode(bytes).includes(`id: ${t.id}`), t.file).toBe(true);
    }
  });

  it("asks git for the working tree's state without blocking: changes, the bundle folder left out, unknown without git", async () => {
    const cwd = project();
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd, stdio: "ignore" });
    expect(await gitDirty(cwd)).toEqual({ dirty: "unknown" });
    git("init", "-q");
    writeFileSync(join(cwd, "a.yaml"), "a\n");
    git("add", "a.yaml");
    git("commit", "-qm", "a");
    expect(await gitDirty(cwd)).toEqual({ dirty: false });
    mkdirSync(join(cwd, "out"));
    writeFileSync(join(cwd, "out", "report.html"), "x");
    writeFileSync(join(cwd, "a.yaml"), "changed\n");
    const expected = { dirty: true, changes: ["a.yaml"] };
    expect([await gitDirty(cwd, "out"), await gitDirty(cwd, join(cwd, "out"))]).toEqual([expected, expected]);
    expect((await gitDirty(cwd)).changes).toEqual(["a.yaml", "out/report.html"]);
  });
});
