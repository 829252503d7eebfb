import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchLogEvents } from "../../src/audit/batch";
import { CloudWatchLogsAdapter } from "../../src/aws/logs";
import { fixedClock } from "../../src/core/clock";
import { tenantNames } from "../../src/tenants/names";
import { runCliCapture } from "../support/cli";
import { startFaultProxy } from "../support/faultProxy";
import { startMoto, type Moto } from "../support/moto";
import { startStrictAws, type StrictAws } from "../support/strictAws";
import { makeDataset, type Dataset } from "./exportData";

// CloudWatch (and moto) refuse events older than 14 days: the data sits 5 to 2 days back from the real time.
const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const from = new Date(today - 5 * DAY).toISOString();
const to = new Date(today - 2 * DAY).toISOString();
const clockAt = new Date(today + 60_000).toISOString();
const clock = fixedClock(clockAt);

let moto: Moto;
let logs: CloudWatchLogsAdapter;
let strict: StrictAws;
let cwd: string;
let env: Record<string, string>;
let data: Dataset;

const TENANT_YAML = (id: string, plan: string) =>
  `id: ${id}\nname: ${id} Inc\nplan: ${plan}\nregion: eu-west-1\ncontacts:\n  security: security@${id}.example\nsending:\n  domains: [mail.${id}.example]\n`;

beforeAll(async () => {
  moto = await startMoto();
  // Through the strict layer: AWS's PutLogEvents limits and key rules apply (moto checks neither).
  strict = await startStrictAws({ moto: moto.endpoint });
  logs = new CloudWatchLogsAdapter({ ...moto.clientConfig, endpoint: strict.endpoint });
  cwd = mkdtempSync(join(tmpdir(), "audit-moto-"));
  mkdirSync(join(cwd, "tenants"));
  writeFileSync(join(cwd, "tenants", "acme.yaml"), TENANT_YAML("acme", "pro"));
  writeFileSync(join(cwd, "tenants", "initech.yaml"), TENANT_YAML("initech", "free"));
  env = { AWS_ENDPOINT_URL: strict.endpoint, AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", USER: "auditor" };

  const group = tenantNames("acme").auditLogGroup;
  await logs.ensureGroup(group);
  data = makeDataset("acme", today - 5 * DAY, 3, 600, 7);
  const byStream = new Map<string, { timestamp: number; message: string }[]>();
  for (const e of data.logEvents) {
    const list = byStream.get(e.logStreamName as string) ?? [];
    list.push({ timestamp: e.timestamp, message: e.message });
    byStream.set(e.logStreamName as string, list);
  }
  for (const [stream, events] of byStream) {
    await logs.ensureStream(group, stream);
    for (const batch of batchLogEvents(events)) await logs.putEvents(group, stream, batch);
  }
});

afterAll(async () => {
  logs?.destroy();
  await strict?.stop();
  await moto?.stop();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), "utf8")]));
const exportArgs = (out: string, ...more: string[]) => ["audit", "export", "--tenant", "acme", "--from", from, "--to", to, "--out", out, "--rate", "50", ...more];

describe("src/cli/commands/audit-export (moto)", () => {
  it("refuses a free-plan tenant with exit 2 and writes nothing", async () => {
    const run = await runCliCapture(["audit", "export", "--tenant", "initech", "--from", from, "--to", to, "--out", "free-out"], { cwd, env, clock });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: tenant initech is on the free plan: audit-log exports are for paid plans (pro, enterprise)\nhint: upgrade the plan in tenants/initech.yaml first\n");
    expect(existsSync(join(cwd, "free-out"))).toBe(false);
  });

  it("exports every event across streams and days once, rejecting the invalid, and prints the summary with --json", async () => {
    const run = await runCliCapture([...exportArgs("out-json", "--page-size", "100"), "--json"], { cwd, env, clock });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { counts: unknown; files: { events: number }[]; run: string };
    expect(summary.counts).toEqual({ read: data.logEvents.length, written: 600, rejected: data.invalid, duplicates: data.duplicates });
    expect(summary.run).toBe("fresh");
    expect(summary.files.map((f) => f.events)).toEqual([600]);
  });

  it("records the export as a data.export audit event in the tenant's group", async () => {
    const run = await runCliCapture([...exportArgs("out-event"), "--json"], { cwd, env, clock });
    const { auditEventId, merkleRoot } = JSON.parse(run.stdout) as { auditEventId: string; merkleRoot: string };
    const found = [];
    for await (const page of logs.pages(tenantNames("acme").auditLogGroup, { startTime: today, endTime: today + DAY })) found.push(...page.events.map((e) => JSON.parse(e.message)));
    const event = found.find((e) => e.eventId === auditEventId);
    expect(event).toMatchObject({ tenant: "acme", action: "data.export", actor: { type: "user", id: "auditor" }, outcome: "success", timestamp: new Date(clockAt).toISOString(), metadata: { from, to, format: "jsonl", merkleRoot } });
  });

  it("verifies an intact export (exit 0) and names the file and line of one changed byte (exit 1)", async () => {
    await runCliCapture(exportArgs("out-verify"), { cwd, env, clock });
    const ok = await runCliCapture(["audit", "verify", "out-verify"], { cwd, env, clock });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok: out-verify is intact: 600 events of acme, Merkle root [0-9a-f]{64}\n$/);
    const path = join(cwd, "out-verify", "events-000001.jsonl");
    const text = readFileSync(path, "utf8");
    const at = text.split("\n").slice(0, 41).join("\n").length + 30; // a byte inside line 42
    writeFileSync(path, text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1));
    const bad = await runCliCapture(["audit", "verify", "out-verify"], { cwd, env, clock });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe("FAILED: out-verify/events-000001.jsonl:42: the event differs from the one exported (leaf 42 of leaves.sha256)\n");
  });

  it("resumes an export killed with SIGKILL mid-way to byte-identical files", async () => {
    const args = (out: string) => exportArgs(out, "--rate", "15", "--page-size", "25", "--slices", "6", "--concurrency", "2");
    await runCliCapture(args("out-whole"), { cwd, env, clock });

    const killedOut = join(cwd, "out-killed");
    const child = spawn(process.execPath, ["--import", pathToFileURL(require.resolve("tsx")).href, resolve(__dirname, "exportChild.ts"), ...args("out-killed")], {
      cwd,
      env: { ...process.env, ...env, EMAILMATE_TEST_CLOCK: clockAt },
      stdio: "ignore",
    });
    const exited = new Promise((r) => child.once("exit", r));
    const checkpoint = join(killedOut, ".audit-export", "checkpoint.json");
    const deadline = Date.now() + 20_000;
    let state: { slices: { done: boolean; runs: unknown[] }[] } | undefined;
    for (;;) {
      try {
        state = JSON.parse(readFileSync(checkpoint, "utf8"));
      } catch {
        state = undefined;
      }
      // killed once some pages are safely spilled and more remain
      if (state && state.slices.some((s) => s.runs.length > 0 && !s.done) && state.slices.some((s) => !s.done)) break;
      if (Date.now() > deadline) throw new Error("the child export made no checkpoint in 20 s");
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill("SIGKILL");
    await exited;
    expect(existsSync(join(killedOut, "manifest.json"))).toBe(false);

    const resumed = await runCliCapture([...args("out-killed"), "--resume", "--json"], { cwd, env, clock });
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout).run).toBe("resumed");
    expect(files(killedOut)).toEqual(files(join(cwd, "out-whole")));
  });

  it("completes through a proxy failing 20 % of reads with 0 events lost and 0 duplicated", async () => {
    const proxy = await startFaultProxy({ target: moto.endpoint, faultRate: 0.2, seed: 6962, eligible: (op) => op.endsWith(".FilterLogEvents") });
    try {
      await runCliCapture(exportArgs("out-direct", "--page-size", "20"), { cwd, env, clock });
      const run = await runCliCapture([...exportArgs("out-faults", "--page-size", "20", "--rate", "100"), "--json"], { cwd, env: { ...env, AWS_ENDPOINT_URL: proxy.endpoint }, clock });
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout) as { counts: unknown; retries: number; requests: number };
      expect(summary.counts).toEqual({ read: data.logEvents.length, written: 600, rejected: data.invalid, duplicates: data.duplicates });
      expect(proxy.stats.throttled).toBeGreaterThan(0);
      expect(proxy.stats.serverErrors).toBeGreaterThan(0);
      expect(proxy.stats.resets).toBeGreaterThan(0);
      expect(summary.retries).toBe(proxy.stats.throttled + proxy.stats.serverErrors + proxy.stats.resets);
      expect(files(join(cwd, "out-faults"))).toEqual(files(join(cwd, "out-direct")));
    } finally {
      await proxy.stop();
    }
  });

  it("exports through export tasks to S3 (--via s3) into the same events files", async () => {
    const s3 = new S3Client({ ...moto.clientConfig, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: "audit-exports", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
    s3.destroy();
    const direct = await runCliCapture([...exportArgs("out-logs", "--slices", "2"), "--json"], { cwd, env, clock });
    const run = await runCliCapture([...exportArgs("out-s3", "--via", "s3", "--bucket", "audit-exports", "--slices", "2"), "--json"], { cwd, env, clock });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).counts).toEqual(JSON.parse(direct.stdout).counts);
    expect(readFileSync(join(cwd, "out-s3", "events-000001.jsonl"), "utf8")).toBe(readFileSync(join(cwd, "out-logs", "events-000001.jsonl"), "utf8"));
    const manifest = JSON.parse(readFileSync(join(cwd, "out-s3", "manifest.json"), "utf8"));
    expect(manifest.query).toEqual({ api: "CreateExportTask", logGroupName: "/emailmate/tenants/acme/audit", interleaved: true, filterPattern: null, slices: 2, bucket: "audit-exports" });
    expect((await runCliCapture(["audit", "verify", "out-s3"], { cwd, env, clock })).code).toBe(0);
  });

  it("refuses --via s3 without --bucket (exit 2)", async () => {
    const run = await runCliCapture(exportArgs("out-nobucket", "--via", "s3"), { cwd, env, clock });
    expect([run.code, run.stderr]).toEqual([2, "error: --via s3 needs --bucket: the S3 bucket the export tasks write to\n"]);
  });
});
