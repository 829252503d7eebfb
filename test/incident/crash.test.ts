import { spawn } from "node:child_process";
import { cpSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, KMSClient, ListKeyRotationsCommand } from "@aws-sdk/client-kms";
import { CloudWatchLogsClient, CreateLogGroupCommand, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateConfigurationSetCommand, SESv2Client } from "@aws-sdk/client-sesv2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Journal } from "../../src/incident/journal";
import { startCountingProxy, type CountingProxy } from "../fakes/countingProxy";
import { startFakeSesV2, type FakeSesV2 } from "../fakes/sesv2Server";
import { createIamUsers, type IamUser } from "../support/iamUsers";
import { startMoto, type Moto } from "../support/moto";
import { scratch } from "../support/tmp";
import { REPO, TENANTS_DIR } from "./harness";

const TSX = require.resolve("tsx");
const ENTRY = join(__dirname, "crashEntry.ts");

/** Where to kill the runner, in the order the run reaches them: every window between a durable entry and the next. */
const TARGETS = [
  "append:incident.opened",
  "call:describe-key",
  "append:step.succeeded:describe-key",
  "append:step.started:pause-sending",
  "call:pause-sending",
  "append:approval.requested:disable-key",
  "append:step.started:disable-key",
  "call:disable-key",
  "call:record-containment",
  "append:step.started:rotate-key",
  "call:rotate-key",
  "call:enable-key",
  "append:step.started:resume-sending",
  "call:resume-sending",
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

describe("src/incident/runner crash safety (SIGKILL at many points, real child processes)", () => {
  let moto: Moto;
  let ses: FakeSesV2;
  let kmsProxy: CountingProxy;
  let tmp: ReturnType<typeof scratch>;
  let keyId: string;
  let users: Record<string, IamUser>;

  beforeAll(async () => {
    moto = await startMoto();
    users = await createIamUsers(moto, ["alice", "bob", "carol"]);
    ses = await startFakeSesV2();
    kmsProxy = await startCountingProxy(moto.endpoint);
    tmp = scratch("incident-crash-");
    cpSync(TENANTS_DIR, join(tmp.dir, "tenants"), { recursive: true });
    cpSync(join(REPO, "runbooks"), join(tmp.dir, "runbooks"), { recursive: true });
    const kms = new KMSClient(moto.clientConfig);
    keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await kms.send(new CreateAliasCommand({ AliasName: "alias/emailmate/tenant/acme", TargetKeyId: keyId }));
    kms.destroy();
    const logs = new CloudWatchLogsClient(moto.clientConfig);
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/emailmate/platform/audit" }));
    logs.destroy();
    const client = new SESv2Client({ ...moto.clientConfig, endpoint: ses.endpoint });
    await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: "tenant-acme" }));
    client.destroy();
  });

  afterAll(async () => {
    await kmsProxy.stop();
    await ses.stop();
    await moto.stop();
    tmp.cleanup();
  });

  it("resumes after every kill and performs each AWS action exactly once; the journal verifies", async () => {
    const env = {
      AWS_REGION: "eu-west-1",
      AWS_ENDPOINT_URL_STS: moto.endpoint,
      AWS_ENDPOINT_URL_KMS: kmsProxy.endpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: moto.endpoint,
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
    };
    const manual = ["confirm-misuse", "review-access", "send-notices", "root-cause", "action-items"];
    // Only steps not confirmed yet: confirming a step that is already done is a usage error.
    // An approval given in a round that was then killed is on record: approving again is a usage error.
    const approvedYet = (step: string | undefined) =>
      step !== undefined && id !== undefined && Journal.open(join(tmp.dir, ".incidents", id, "journal.jsonl")).entries.some((e) => e.type === "approval.granted" && e.data.step === step);
    const confirms = () => {
      const done = id === undefined ? [] : Journal.open(join(tmp.dir, ".incidents", id, "journal.jsonl")).entries.filter((e) => e.type === "step.confirmed").map((e) => String(e.data.step));
      return manual.filter((s) => !done.includes(s)).flatMap((s) => ["--confirm", s]);
    };
    const targets = [...TARGETS];
    const killedAt: string[] = [];
    let actor = "alice";
    let approve: string[] = [];
    let retry: string[] = [];
    let id: string | undefined;
    let state = "";
    for (let round = 0; round < 60 && state !== "complete"; round++) {
      const argv =
        id === undefined
          ? ["incident", "start", "kms-key-compromise", "--param", "tenant=acme", "--execute"]
          : ["incident", "run", id, "--execute", ...(approvedYet(approve[1]) ? [] : approve), ...retry];
      const out = await runChild(tmp.dir, [...argv, ...confirms(), "--note", "checked", "--same-note", "--json"], { ...env, ...users[actor]!.env, ...(targets[0] ? { CRASH_TARGET: targets[0] } : {}) });
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
      expect(out.code, out.stderr).toBe(state === "needs-human" ? 1 : 0);
      if (state === "awaiting-approval" && result.step === "disable-key") [actor, approve] = ["bob", ["--approve", "disable-key"]];
      else if (state === "awaiting-approval" && result.step === "rotate-key") [actor, approve] = ["carol", ["--approve", "rotate-key"]];
      else if (state === "needs-human") retry = ["--retry", String(result.step)];
      else if (state !== "complete") throw new Error(`unexpected state ${state} at ${String(result.step)}`);
    }
    expect(state).toBe("complete");
    expect(killedAt).toEqual(TARGETS);

    // Each state-changing AWS action reached AWS exactly once.
    expect(ses.requests.filter((r) => r.operation === "PutConfigurationSetSendingOptions").map((r) => r.body)).toEqual([{ SendingEnabled: false }, { SendingEnabled: true }]);
    expect(["DisableKey", "RotateKeyOnDemand", "EnableKey"].map((op) => kmsProxy.count(op))).toEqual([1, 1, 1]);
    const kms = new KMSClient(moto.clientConfig);
    const key = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    const rotations = await kms.send(new ListKeyRotationsCommand({ KeyId: keyId }));
    kms.destroy();
    expect([key.KeyMetadata!.KeyState, rotations.Rotations?.length]).toEqual(["Enabled", 1]);

    // The journal verifies and shows the reconciliations; every action has its audit event (by eventId, once).
    const journal = Journal.open(join(tmp.dir, ".incidents", id!, "journal.jsonl"));
    const reconciled = journal.entries.filter((e) => e.type === "step.reconciled").map((e) => `${String(e.data.step)}:${String(e.data.result)}`);
    expect(reconciled).toEqual([
      "describe-key:unknown",
      "pause-sending:not-done",
      "pause-sending:done",
      "disable-key:not-done",
      "disable-key:done",
      "record-containment:done",
      "rotate-key:not-done",
      "rotate-key:done",
      "enable-key:done",
      "resume-sending:not-done",
      "resume-sending:done",
      "draft-notices:unknown",
    ]);
    const logs = new CloudWatchLogsClient(moto.clientConfig);
    const events = (await logs.send(new FilterLogEventsCommand({ logGroupName: "/emailmate/platform/audit", interleaved: true }))).events ?? [];
    logs.destroy();
    const audit = events.map((e) => JSON.parse(e.message!) as { eventId: string; metadata?: { step?: string; kind?: string } });
    const succeeded = journal.entries.filter((e) => e.type === "step.succeeded" && typeof e.data.auditEventId === "string").map((e) => String(e.data.auditEventId));
    expect(succeeded.every((eventId) => audit.some((a) => a.eventId === eventId))).toBe(true);
    // Killed after its PutLogEvents: reconciling writes the same event again, so it may appear twice, with one eventId.
    const containment = audit.filter((a) => a.metadata?.step === "record-containment").map((a) => a.eventId);
    expect([containment.length, new Set(containment).size]).toEqual([2, 1]);
  }, 120_000);
});
