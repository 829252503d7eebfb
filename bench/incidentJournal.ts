/**
 * The incident journal's cost: appends (each written and fsync'd, SHA-256 chained) against a same-run baseline of
 * plain fsync'd appends of the same lines; opening and verifying a long journal; and one full execution of the
 * shipped kms-key-compromise runbook against in-memory ports (journal on disk, AWS not involved).
 * Run: npx tsx bench/incidentJournal.ts [appends]
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ulidGenerator } from "../src/audit/ids";
import { Journal } from "../src/incident/journal";
import { parseRunbookText } from "../src/incident/load";
import { runIncident } from "../src/incident/runner";
import { createIncident, sha256 } from "../src/incident/store";
import { loadTenantsOrThrow, tenantFsAt } from "../src/tenants";
import { fmt, median } from "./support";

const appends = Number(process.argv[2] ?? 2000);
const dir = mkdtempSync(join(tmpdir(), "bench-journal-"));
const at = new Date("2026-11-29T12:00:00Z");
const data = { step: "pause-sending", attempt: 1, action: "aws.ses.pauseSending", inputs: { tenant: "acme" }, inputsDigest: "0".repeat(64) };

async function main(): Promise<void> {
  // Baseline: the same JSON lines, appended and fsync'd one by one, without hashing or chaining.
  const baseFile = join(dir, "baseline.jsonl");
  const line = JSON.stringify({ seq: 1, at: at.toISOString(), type: "step.started", data, prev: "0".repeat(64), hash: "0".repeat(64) }) + "\n";
  let t = process.hrtime.bigint();
  for (let i = 0; i < appends; i++) {
    const fd = openSync(baseFile, "a");
    writeSync(fd, line);
    fsyncSync(fd);
    closeSync(fd);
  }
  const baseSeconds = Number(process.hrtime.bigint() - t) / 1e9;

  const file = join(dir, "journal.jsonl");
  const journal = Journal.create(file, at, { id: "INC-20261129-001" });
  t = process.hrtime.bigint();
  for (let i = 1; i < appends; i++) journal.append("step.started", data, at);
  const appendSeconds = Number(process.hrtime.bigint() - t) / 1e9;

  const opens: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = process.hrtime.bigint();
    Journal.open(file);
    opens.push(Number(process.hrtime.bigint() - t) / 1e6);
  }

  // One full execution of a shipped runbook (every step, approvals by others), in-memory AWS ports.
  const repo = join(__dirname, "..");
  const text = readFileSync(join(repo, "runbooks", "kms-key-compromise.yaml"), "utf8");
  const runbook = parseRunbookText("runbooks/kms-key-compromise.yaml", text).runbook!;
  const tenants = loadTenantsOrThrow([join(repo, "tenants")], tenantFsAt(repo));
  const runs: number[] = [];
  let entries = 0;
  for (let r = 0; r < 5; r++) {
    const inc = createIncident(join(dir, `run-${r}`), at, {
      runbook: runbook.id, runbookFile: runbook.file, runbookSha256: sha256(text), runbookText: text, title: runbook.title, severity: runbook.severity,
      owner: "alice", awareAt: at.toISOString(), openedAt: at.toISOString(), params: { tenant: "acme" }, tenants: ["acme"], host: "bench",
    });
    const arnOf = (id: string) => `arn:aws:kms:eu-west-1:123456789012:key/${id}`;
    const keys = new Map<string, { policy: string }>([["1234abcd-12ab-34cd-56ef-1234567890ab", { policy: "{}" }]]);
    let aliasTarget = "1234abcd-12ab-34cd-56ef-1234567890ab";
    let groupKey = arnOf(aliasTarget);
    let topicKey = arnOf(aliasTarget);
    const describe = async (ref: string) => {
      const id = ref.startsWith("alias/") ? aliasTarget : ref;
      return { keyId: id, arn: arnOf(id), keyState: "Enabled", enabled: true };
    };
    const keyAdmin = {
      describe,
      disable: async () => undefined,
      enable: async () => undefined,
      rotateOnDemand: async () => undefined,
      onDemandRotationCount: async () => 0,
      rotationStatus: async () => ({ enabled: true }),
      snapshot: async (ref: string) => ({ ...(await describe(ref)), description: "", keySpec: "SYMMETRIC_DEFAULT", keyUsage: "ENCRYPT_DECRYPT", policy: "{}", tags: [], rotationEnabled: true }),
      createKey: async (input: { policy: string }) => {
        const id = `00000000-0000-4000-8000-${String(keys.size).padStart(12, "0")}`;
        keys.set(id, { policy: input.policy });
        return { keyId: id, arn: arnOf(id) };
      },
      enableRotation: async () => undefined,
      getPolicy: async (id: string) => keys.get(id)!.policy,
      putPolicy: async (id: string, policy: string) => void (keys.get(id)!.policy = policy),
      updateAlias: async (_a: string, id: string) => void (aliasTarget = id),
      keysCreatedSince: async () => [],
    };
    const ports = {
      ses: { setSendingEnabled: async () => undefined, describe: async (n: string) => ({ name: n, sendingEnabled: true, suppressedReasons: [] }) },
      kms: keyAdmin,
      keyAdmin,
      logGroupKeys: { associate: async (_g: string, k: string) => void (groupKey = k), keyOf: async () => groupKey },
      topicKeys: { setKey: async (_t: string, k: string) => void (topicKey = k), keyOf: async () => topicKey },
      tenantFiles: { recordKeyReplacement: () => ({ file: "tenants/acme.yaml", changed: true }) },
      logs: { pages: async function* () {} },
      audit: { record: async () => undefined },
    };
    let now = at.getTime();
    const clock = { now: () => new Date(now) };
    const opts = (actor: string, approve: string[]) => ({
      execute: true, operator: { actor, verified: true, host: "bench", ip: "192.0.2.1", userAgent: "bench" }, clock, ids: ulidGenerator(clock), contactPoint: "dpo@example.com",
      approve: new Set(approve),
      confirm: new Map(["confirm-misuse", "review-access", "deploy-replacement", "send-notices", "root-cause", "schedule-old-key-deletion", "action-items"].map((s) => [s, "ok"])),
    });
    const deps = { journal: inc.journal, runbook, folder: inc.folder, tenants, ports };
    t = process.hrtime.bigint();
    await runIncident(deps, opts("alice", []));
    now += 11 * 60_000; // the association wait
    await runIncident(deps, opts("alice", []));
    const last = await runIncident(deps, opts("bob", ["retire-old-key"]));
    runs.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (last.state !== "complete") throw new Error(`run ended ${last.state}`);
    entries = inc.journal.entries.length;
  }

  console.log(`incident journal: ${appends} appends, each fsync'd`);
  console.log(`  baseline (plain fsync'd appends): ${fmt((baseSeconds / appends) * 1e6, 0)} µs/append, ${Math.round(appends / baseSeconds)} appends/s`);
  console.log(`  journal (hash chain + fsync):     ${fmt((appendSeconds / (appends - 1)) * 1e6, 0)} µs/append, ${Math.round((appends - 1) / appendSeconds)} appends/s`);
  console.log(`  ratio journal/baseline: ${fmt(appendSeconds / (appends - 1) / (baseSeconds / appends))}x`);
  console.log(`  open + verify ${appends} entries: median ${fmt(median(opens), 1)} ms`);
  console.log(`kms-key-compromise executed end to end (in-memory AWS, journal on disk): median ${fmt(median(runs), 1)} ms for ${entries} journal entries`);
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
