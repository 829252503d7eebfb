import { spawn } from "node:child_process";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DescribeKeyCommand, GetKeyPolicyCommand } from "@aws-sdk/client-kms";
import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Journal } from "../../src/incident/journal";
import { startCountingProxy, type CountingProxy } from "../fakes/countingProxy";
import { scratch } from "../support/tmp";
import { REPO, TENANTS_DIR } from "./harness";
import { deployPlatform, deployTenant, startStrictWorld, type StrictWorld } from "./strictWorld";

const TSX = require.resolve("tsx");
const ENTRY = join(__dirname, "crashEntry.ts");

/** Where to kill the runner, in the order the run reaches them: every window between a durable entry and the next. */
const TARGETS = [
  "append:incident.opened",
  "call:describe-key",
  "append:step.succeeded:describe-key",
  "append:step.started:create-key",
  "call:create-key",
  "append:step.started:move-audit-logs",
  "call:move-audit-logs",
  "call:move-alerts-topic",
  "append:step.started:repoint-alias",
  "call:repoint-alias",
  "call:record-replacement",
  "call:record-containment",
  "append:approval.requested:retire-old-key",
  "append:step.started:retire-old-key",
  "call:retire-old-key",
  "append:step.started:draft-notices",
];

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runChild(cwd: string, argv: string[], env: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", TSX, ENTRY, ...argv], { cwd, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe("src/incident/runner crash safety (SIGKILL at many points, real child processes, strict AWS layer)", () => {
  let world: StrictWorld;
  let proxy: CountingProxy;
  let tmp: ReturnType<typeof scratch>;
  let acme: Awaited<ReturnType<typeof deployTenant>>;

  beforeAll(async () => {
    world = await startStrictWorld();
    proxy = await startCountingProxy(world.strict.endpoint);
    tmp = scratch("incident-crash-");
    cpSync(TENANTS_DIR, join(tmp.dir, "tenants"), { recursive: true });
    cpSync(join(REPO, "runbooks"), join(tmp.dir, "runbooks"), { recursive: true });
    // The child processes run on the real clock: let the association wait pass at once (it is not what is tested here).
    const runbook = join(tmp.dir, "runbooks", "kms-key-compromise.yaml");
    writeFileSync(runbook, readFileSync(runbook, "utf8").replace("for: 10m", "for: 0m"));
    await deployPlatform(world);
    acme = await deployTenant(world, "acme");
  });

  afterAll(async () => {
    await proxy.stop();
    await world.stop();
    tmp.cleanup();
  });

  it("resumes after every kill and performs each AWS action exactly once; the journal verifies", async () => {
    const env = { ...world.env, AWS_ENDPOINT_URL: proxy.endpoint };
    const entries = () => (id === undefined ? [] : Journal.open(join(tmp.dir, ".incidents", id, "journal.jsonl")).entries);
    // Only what is waiting: the manual step the last run stopped at (unless a killed round already confirmed it),
    // an approval not granted yet.
    let waitingFor: string | undefined;
    const confirms = () => {
      const done = entries().some((e) => e.type === "step.confirmed" && e.data.step === waitingFor);
      return waitingFor === undefined || done ? [] : ["--confirm", waitingFor, "--note", "checked"];
    };
    const approvedYet = (step: string | undefined) => step !== undefined && entries().some((e) => e.type === "approval.granted" && e.data.step === step);
    const targets = [...TARGETS];
    const killedAt: string[] = [];
    let actor: "alice" | "bob" = "alice";
    let approve: string[] = [];
    let retry: string[] = [];
    let id: string | undefined;
    let state = "";
    for (let round = 0; round < 60 && state !== "complete"; round++) {
      const argv =
        id === undefined
          ? ["incident", "start", "kms-key-compromise", "--param", "tenant=acme", "--execute"]
          : ["incident", "run", id, "--execute", ...(approvedYet(approve[1]) ? [] : approve), ...retry];
      const out = await runChild(tmp.dir, [...argv, ...confirms(), "--json"], { ...env, ...world.people[actor], ...(targets[0] ? { CRASH_TARGET: targets[0] } : {}) });
      id ??= readdirSync(join(tmp.dir, ".incidents"))[0];
      retry = [];
      if (out.signal === "SIGKILL") {
        killedAt.push(targets.shift()!);
        // Every kill leaves a journal that verifies.
        Journal.open(join(tmp.dir, ".incidents", id!, "journal.jsonl"));
        continue;
      }
      const result = JSON.parse(out.stdout) as { state: string; step?: string };
      state = result.state;
      waitingFor = state === "awaiting-confirmation" ? result.step : undefined;
      expect(out.code, out.stderr).toBe(state === "needs-human" ? 1 : 0);
      if (state === "awaiting-approval" && result.step === "retire-old-key") [actor, approve] = ["bob", ["--approve", "retire-old-key"]];
      else if (state === "needs-human") retry = ["--retry", String(result.step)];
      else if (state === "waiting" || state === "awaiting-confirmation") continue;
      else if (state !== "complete") throw new Error(`unexpected state ${state} at ${String(result.step)}`);
    }
    expect(state).toBe("complete");
    expect(killedAt).toEqual(TARGETS);

    // Each state-changing AWS action reached AWS exactly once; the key in use is the replacement, the old one retired but enabled.
    expect(["CreateKey", "AssociateKmsKey", "UpdateAlias", "PutKeyPolicy"].map((op) => proxy.count(op))).toEqual([1, 1, 1, 1]);
    const alias = (await world.kms.send(new DescribeKeyCommand({ KeyId: "alias/emailmate/tenant/acme" }))).KeyMetadata!;
    const old = (await world.kms.send(new DescribeKeyCommand({ KeyId: acme.keyId }))).KeyMetadata!;
    const oldPolicy = JSON.parse((await world.kms.send(new GetKeyPolicyCommand({ KeyId: acme.keyId, PolicyName: "default" }))).Policy!) as { Statement: { Sid: string }[] };
    expect([alias.KeyId === acme.keyId, old.KeyState, oldPolicy.Statement.map((st) => st.Sid)]).toEqual([false, "Enabled", ["AccountAdministrationOnly", "CloudWatchLogsReadRetainedEvents"]]);
    expect(readFileSync(join(tmp.dir, "tenants", "acme.yaml"), "utf8").match(/- keyId: /g)).toHaveLength(1);

    // The journal verifies and shows the reconciliations; every action has its audit event (by eventId, once).
    const journal = Journal.open(join(tmp.dir, ".incidents", id!, "journal.jsonl"));
    const reconciled = journal.entries.filter((e) => e.type === "step.reconciled").map((e) => `${String(e.data.step)}:${String(e.data.result)}`);
    expect(reconciled).toEqual([
      "describe-key:unknown",
      "create-key:not-done",
      "create-key:done",
      "move-audit-logs:not-done",
      "move-audit-logs:done",
      "move-alerts-topic:done",
      "repoint-alias:not-done",
      "repoint-alias:done",
      "record-replacement:unknown",
      "record-containment:done",
      "retire-old-key:not-done",
      "retire-old-key:done",
      "draft-notices:unknown",
    ]);
    const events = (await world.logs.send(new FilterLogEventsCommand({ logGroupName: "/emailmate/platform/audit", interleaved: true }))).events ?? [];
    const audit = events.map((e) => JSON.parse(e.message!) as { eventId: string; metadata?: { step?: string; kind?: string } });
    const succeeded = journal.entries.filter((e) => e.type === "step.succeeded" && typeof e.data.auditEventId === "string").map((e) => String(e.data.auditEventId));
    expect(succeeded.every((eventId) => audit.some((a) => a.eventId === eventId))).toBe(true);
    // Killed after its PutLogEvents: reconciling writes the same event again, so it may appear twice, with one eventId.
    const containment = audit.filter((a) => a.metadata?.step === "record-containment").map((a) => a.eventId);
    expect([containment.length, new Set(containment).size]).toEqual([2, 1]);
  }, 120_000);
});
