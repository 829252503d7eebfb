import { appendFileSync, cpSync, existsSync } from "node:fs";
import { join } from "node:path";
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, FilterLogEventsCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateConfigurationSetCommand, SESv2Client } from "@aws-sdk/client-sesv2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventSchema, type AuditEvent } from "../../src/audit/event";
import { fixedClock } from "../../src/core/clock";
import { Journal } from "../../src/incident/journal";
import { runCliCapture } from "../support/cli";
import { failingSts } from "../support/failingSts";
import { createIamUsers, type IamUser } from "../support/iamUsers";
import { startMoto, type Moto } from "../support/moto";
import { scratch } from "../support/tmp";
import { startFakeSesV2, type FakeSesV2 } from "../fakes/sesv2Server";
import { REPO, TENANTS_DIR } from "./harness";

const CLOCK = fixedClock("2026-11-29T12:00:00Z");

describe("incident CLI end to end (moto KMS + CloudWatch Logs, fake SES v2)", () => {
  let moto: Moto;
  let ses: FakeSesV2;
  let tmp: ReturnType<typeof scratch>;
  let env: Record<string, string>;
  let keyId: string;
  let kms: KMSClient;
  let logs: CloudWatchLogsClient;
  let users: Record<string, IamUser>;
  const arn = (name: string) => `arn:aws:iam::123456789012:user/${name}`;

  beforeAll(async () => {
    moto = await startMoto();
    ses = await startFakeSesV2();
    tmp = scratch("incident-e2e-");
    cpSync(TENANTS_DIR, join(tmp.dir, "tenants"), { recursive: true });
    cpSync(join(REPO, "runbooks"), join(tmp.dir, "runbooks"), { recursive: true });
    kms = new KMSClient(moto.clientConfig);
    logs = new CloudWatchLogsClient(moto.clientConfig);
    const key = await kms.send(new CreateKeyCommand({ Description: "acme tenant key" }));
    keyId = key.KeyMetadata!.KeyId!;
    await kms.send(new CreateAliasCommand({ AliasName: "alias/emailmate/tenant/acme", TargetKeyId: keyId }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/emailmate/platform/audit" }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/emailmate/tenants/acme/audit" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "/emailmate/tenants/acme/audit", logStreamName: "app" }));
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: "/emailmate/tenants/acme/audit",
        logStreamName: "app",
        logEvents: [
          { timestamp: Date.parse("2026-11-20T10:00:00Z"), message: '{"action":"key.create","agent":"billing-bot"}' },
          { timestamp: Date.parse("2026-11-28T10:00:00Z"), message: '{"action":"key.create","agent":"billing-bot"}' },
          { timestamp: Date.parse("2026-11-29T09:00:00Z"), message: '{"action":"domain.add"}' },
        ],
      }),
    );
    await new SESv2Client({ ...moto.clientConfig, endpoint: ses.endpoint }).send(new CreateConfigurationSetCommand({ ConfigurationSetName: "tenant-acme" }));
    // Three people, each with their own IAM user: sts:GetCallerIdentity tells them apart.
    users = await createIamUsers(moto, ["alice", "bob", "carol"]);
    env = {
      AWS_REGION: "eu-west-1",
      ...users.alice!.env,
      AWS_ENDPOINT_URL_STS: moto.endpoint,
      AWS_ENDPOINT_URL_KMS: moto.endpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: moto.endpoint,
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
      EMAILMATE_OPERATOR: "alice",
    };
  });

  afterAll(async () => {
    kms.destroy();
    logs.destroy();
    await ses.stop();
    await moto.stop();
    tmp.cleanup();
  });

  const cli = (argv: string[], extraEnv: Record<string, string> = {}) => runCliCapture(argv, { cwd: tmp.dir, env: { ...env, ...extraEnv }, clock: CLOCK });
  const json = async (argv: string[], code = 0, extraEnv: Record<string, string> = {}) => {
    const r = await cli([...argv, "--json"], extraEnv);
    expect(r.code, r.stdout + r.stderr).toBe(code);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };
  const platformAudit = async (): Promise<AuditEvent[]> => {
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: "/emailmate/platform/audit", interleaved: true }));
    return (out.events ?? []).map((e) => auditEventSchema.parse(JSON.parse(e.message!)));
  };

  it("dry-run start never calls AWS and shows the exact calls", async () => {
    const before = ses.requests.length;
    const r = await cli(["incident", "start", "kms-key-compromise", "--param", "tenant=acme"], { AWS_ENDPOINT_URL_KMS: ses.endpoint, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: ses.endpoint });
    expect(r.code).toBe(0);
    expect(ses.requests.length).toBe(before);
    expect(r.stdout).toContain('kms:UpdateAlias {"AliasName":"alias/emailmate/tenant/acme","TargetKeyId":"{{ steps.create-key.outputs.keyId }}"}');
    expect(r.stdout).toContain("DRY RUN — nothing was performed.");
  });

  it("searches the tenant's audit log over a window through FilterLogEvents pages", async () => {
    const start = await json(["incident", "start", "leaked-api-key", "--param", "tenant=acme", "--param", "agent=billing-bot", "--param", "keyLast4=9f3a", "--execute", "--confirm", "confirm-key", "--confirm", "revoke-key", "--note", "seen on a public gist", "--note", "revoked 11:58"]);
    expect([start.state, start.step]).toEqual(["awaiting-confirmation", "review-usage"]);
    const journal = Journal.open(join(tmp.dir, ".incidents", String(start.id), "journal.jsonl"));
    const search = journal.entries.find((e) => e.type === "step.succeeded" && e.data.step === "search-usage")!;
    const outputs = search.data.outputs as { logGroup: string; count: number; sample: { timestamp: string }[] };
    // The pattern is the agent's name as a quoted term ("billing-bot"): 2 of the 3 events in the 30-day window.
    expect([outputs.logGroup, outputs.count, outputs.sample.map((s) => s.timestamp)]).toEqual([
      "/emailmate/tenants/acme/audit",
      2,
      ["2026-11-20T10:00:00.000Z", "2026-11-28T10:00:00.000Z"],
    ]);
  });

  it("recovers a journal whose last line a crash tore: cut back, journaled, and an audit event says so", async () => {
    const start = await json(["incident", "start", "leaked-api-key", "--param", "tenant=acme", "--param", "agent=billing-bot", "--param", "keyLast4=77aa", "--execute", "--confirm", "confirm-key", "--confirm", "revoke-key", "--note", "seen in a log", "--note", "revoked"]);
    const id = String(start.id);
    const file = join(tmp.dir, ".incidents", id, "journal.jsonl");
    const before = Journal.open(file).entries.length;
    appendFileSync(file, '{"seq":99,"at":"2026-11-29T12:00:00.000Z","type":"step.sta');
    const r = await cli(["incident", "run", id, "--execute", "--confirm", "review-usage", "--note", "nothing unusual", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`warning: ${file}:${before + 1}: the last line was torn (cut by a crash while being written); removed 58 bytes, recorded as entry ${before + 1}\n`);
    const recovered = Journal.open(file).entries[before]!;
    expect([recovered.type, recovered.data.by, recovered.data.droppedBytes]).toEqual(["journal.recovered", arn("alice"), 58]);
    const event = (await platformAudit()).find((e) => e.eventId === recovered.data.auditEventId)!;
    expect([event.target, event.actor.id, event.metadata?.kind, event.metadata?.droppedBytes]).toEqual([`${id}/journal`, arn("alice"), "journal.recovered", 58]);
  });

  it("refuses to act when the credentials cannot say who you are (GetCallerIdentity fails), before anything is written", async () => {
    const sts = await failingSts(403, "ExpiredToken", "The security token included in the request is expired");
    const dir = join(tmp.dir, "sts-expired");
    try {
      const r = await cli(["incident", "start", "tenant-reputation", "--param", "tenant=acme", "--execute", "--incidents-dir", dir], { AWS_ENDPOINT_URL_STS: sts.endpoint });
      expect([r.code, r.stderr.split("\n")[0]]).toEqual([3, "error: STS GetCallerIdentity failed: ExpiredToken: The security token included in the request is expired"]);
      expect(existsSync(dir)).toBe(false);
    } finally {
      sts.server.close();
    }
  });

  it("refuses an agent the tenant does not have, before anything is written", async () => {
    const r = await cli(["incident", "start", "leaked-api-key", "--param", "tenant=acme", "--param", "agent=nobody", "--param", "keyLast4=9f3a"]);
    expect([r.code, r.stderr.split("\n").slice(0, 2)]).toEqual([
      2,
      ["error: 1 problem with the parameters of runbook leaked-api-key:", "--param agent=nobody: tenant acme has no agent \"nobody\"; expected one of: billing-bot"],
    ]);
  });
  it("prompts on a terminal: notes for manual steps, and approval only from someone other than the requester", async () => {
    const tty = (argv: string[], answers: string[], as: string) => runCliCapture(argv, { cwd: tmp.dir, env: { ...env, ...users[as]!.env }, clock: CLOCK, answers });
    const base = ["--param", "tenants=acme", "--param", "summary=recipient list exposed", "--param", "dataCategories=email addresses"];
    const alice = await tty(["incident", "start", "personal-data-breach", ...base, "--execute"], ["S3 access log shows a public read", "acme only, ~300 recipients", "bucket made private", "policy fixed in PR 812", "re-checked access", ""], "alice");
    expect(alice.code, alice.stderr).toBe(0);
    expect(alice.stdout.trim().split("\n").pop()).toMatch(/^dpo-decision \(DPO decides on the notifications\) needs approval by a principal other than arn:aws:iam::123456789012:user\/alice:/);
    expect(alice.stderr).toContain("[detect] confirm-breach: Confirm it is a personal data breach");
    expect(alice.stderr).not.toContain("needs 1 more approval(s)");
    const id = alice.stdout.split("\n")[0]!.split(" ")[1]!;
    const bob = await tty(["incident", "run", id, "--execute"], ["approve", ""], "bob");
    expect(bob.code, bob.stderr).toBe(0);
    expect(bob.stderr).toContain("[notify] dpo-decision: DPO decides on the notifications needs 1 more approval(s); requested by arn:aws:iam::123456789012:user/alice");
    expect(bob.stdout.trim()).toMatch(/^done this run: draft-notices\nsend-notices \(Send the notices\) needs confirmation/);
    const journal = Journal.open(join(tmp.dir, ".incidents", id, "journal.jsonl"));
    const human = journal.entries.filter((e) => e.type === "step.confirmed" || e.type.startsWith("approval.")).map((e) => `${e.type}:${String(e.data.step)}:${String(e.data.by)}`);
    expect(human).toEqual([
      `step.confirmed:confirm-breach:${arn("alice")}`,
      `step.confirmed:assess-scope:${arn("alice")}`,
      `step.confirmed:contain:${arn("alice")}`,
      `step.confirmed:fix-cause:${arn("alice")}`,
      `step.confirmed:verify:${arn("alice")}`,
      `approval.requested:dpo-decision:${arn("alice")}`,
      `approval.granted:dpo-decision:${arn("bob")}`,
    ]);
  });
});
