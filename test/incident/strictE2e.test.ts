import { cpSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DescribeLogGroupsCommand, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, ListResourceTagsCommand } from "@aws-sdk/client-kms";
import { GetTopicAttributesCommand } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventSchema } from "../../src/audit/event";
import { planStack } from "../../src/plan";
import { tenantKeyDeclaration } from "../../src/infra/tenantKeys";
import { Journal } from "../../src/incident/journal";
import { parseRunbookText } from "../../src/incident/load";
import type { Runbook } from "../../src/incident/schema";
import { runCliCapture } from "../support/cli";
import { scratch } from "../support/tmp";
import { REPO, TENANTS_DIR, movableClock } from "./harness";
import { deployPlatform, deployTenant, ENV_ACCOUNT, REGION, startStrictWorld, type StrictWorld } from "./strictWorld";

/** A value for each parameter a runbook declares, from its type (so a runbook added later is driven too). */
function paramsFor(runbook: Runbook): string[] {
  const value: Record<string, string> = { tenant: "acme", tenants: "acme", agent: "billing-bot", string: "seen in a test", number: "3", datetime: "2026-11-29T08:00:00Z" };
  return Object.entries(runbook.parameters).flatMap(([name, p]) => ["--param", `${name}=${name === "keyLast4" ? "9f3a" : (value[p.type] ?? "seen in a test")}`]);
}

interface Step {
  readonly state: string;
  readonly step?: string;
  readonly id?: string;
}

describe("every shipped runbook, executed through the strict AWS layer (test/support/strictAws.ts)", () => {
  let world: StrictWorld;
  let tmp: ReturnType<typeof scratch>;
  let acme: Awaited<ReturnType<typeof deployTenant>>;
  const clock = movableClock("2026-11-29T12:00:00Z");

  beforeAll(async () => {
    world = await startStrictWorld();
    tmp = scratch("incident-strict-");
    cpSync(TENANTS_DIR, join(tmp.dir, "tenants"), { recursive: true });
    cpSync(join(REPO, "runbooks"), join(tmp.dir, "runbooks"), { recursive: true });
    await deployPlatform(world);
    acme = await deployTenant(world, "acme");
  });

  afterAll(async () => {
    await world.stop();
    tmp.cleanup();
  });

  const cli = async (argv: string[], as: "alice" | "bob" = "alice"): Promise<Step> => {
    const r = await runCliCapture([...argv, "--json"], { cwd: tmp.dir, env: { ...world.env, ...world.people[as] }, clock });
    expect(r.code, `${argv.join(" ")}\n${r.stdout}\n${r.stderr}`).toBe(0);
    return JSON.parse(r.stdout) as Step;
  };

  /** Drives an incident to completion: confirms as alice, approves as bob, lets waits pass. Returns the steps it had to drive. */
  async function drive(first: Step, id: string): Promise<string[]> {
    const driven: string[] = [];
    let at = first;
    for (let round = 0; round < 40 && at.state !== "complete"; round++) {
      driven.push(`${at.state}:${String(at.step)}`);
      if (at.state === "awaiting-confirmation") at = await cli(["incident", "run", id, "--execute", "--confirm", String(at.step), "--note", "done in the test"]);
      else if (at.state === "awaiting-approval") at = await cli(["incident", "run", id, "--execute", "--approve", String(at.step)], "bob");
      else if (at.state === "waiting") {
        clock.advance(2 * 3_600_000);
        at = await cli(["incident", "run", id, "--execute"]);
      } else throw new Error(`unexpected state ${at.state} at ${String(at.step)}`);
    }
    expect(at.state).toBe("complete");
    return driven;
  }

  const shipped = readdirSync(join(REPO, "runbooks")).filter((f) => f.endsWith(".yaml")).sort();

  it.each(shipped.filter((f) => f !== "kms-key-compromise.yaml"))("%s runs end to end with --execute", async (file) => {
    const runbook = parseRunbookText(`runbooks/${file}`, readFileSync(join(REPO, "runbooks", file), "utf8")).runbook!;
    const start = await cli(["incident", "start", runbook.id, ...paramsFor(runbook), "--execute"]);
    const driven = await drive(start, String(start.id));
    const journal = Journal.open(join(tmp.dir, ".incidents", String(start.id), "journal.jsonl"));
    const failed = journal.entries.filter((e) => e.type === "step.failed").map((e) => String(e.data.step));
    expect([failed, driven.length > 0]).toEqual([[], true]);
  });

  it("tenant-reputation pauses and resumes the whole SES tenant (its reputation entity), not one configuration set", async () => {
    // (run by the loop above) the customer-managed status went DISABLED and back to ENABLED; the configuration set was never touched.
    const updates = world.ses.requests.filter((r) => r.operation === "UpdateReputationEntityCustomerManagedStatus");
    expect(updates.map((r) => [decodeURIComponent(r.path.split("/")[6]!), (r.body as { SendingStatus: string }).SendingStatus])).toEqual([
      [acme.tenantArn, "DISABLED"],
      [acme.tenantArn, "ENABLED"],
    ]);
    expect([world.ses.count("PutConfigurationSetSendingOptions"), world.ses.tenants.customerStatus(acme.tenantArn)]).toEqual([0, "ENABLED"]);
  });

  it("tenant-reputation cannot claim a resume that SES itself overrides: the resume step's assert fails while SES keeps the tenant disabled", async () => {
    world.ses.tenants.setSesManagedStatus(acme.tenantArn, "DISABLED");
    try {
      const start = await cli(["incident", "start", "tenant-reputation", "--param", "tenant=acme", "--execute"]);
      let at = await cli(["incident", "run", String(start.id), "--execute", "--confirm", "confirm-rates", "--note", "5.2 %"]);
      at = await cli(["incident", "run", String(start.id), "--execute", "--confirm", "investigate", "--confirm", "suppress", "--note", "list import", "--note", "suppressed 812"]);
      expect([at.state, at.step]).toEqual(["awaiting-approval", "approve-resume"]);
      const r = await runCliCapture(["incident", "run", String(start.id), "--execute", "--approve", "approve-resume", "--json"], { cwd: tmp.dir, env: { ...world.env, ...world.people.bob }, clock });
      expect([r.code, (JSON.parse(r.stdout) as Step).state]).toEqual([1, "aborted"]);
      expect(r.stdout).toContain("sendingStatus is \\\"DISABLED\\\", expected \\\"ENABLED\\\"");
    } finally {
      world.ses.tenants.setSesManagedStatus(acme.tenantArn, "ENABLED");
    }
  });

  it("kms-key-compromise replaces the key: logs, topic and alias move, the old key stays enabled and is locked to reading retained logs, Pulumi learns the new key", async () => {
    const startedAt = clock.now().toISOString();
    const start = await cli(["incident", "start", "kms-key-compromise", "--param", "tenant=acme", "--execute"]);
    const id = String(start.id);
    expect([start.state, start.step]).toEqual(["awaiting-confirmation", "confirm-misuse"]);
    const waiting = await cli(["incident", "run", id, "--execute", "--confirm", "confirm-misuse", "--note", "Decrypt from 203.0.113.7"]);
    expect([waiting.state, waiting.step]).toEqual(["waiting", "let-association-settle"]);

    const journal = () => Journal.open(join(tmp.dir, ".incidents", id, "journal.jsonl"));
    const outputs = (step: string) => journal().entries.find((e) => e.type === "step.succeeded" && e.data.step === step)!.data.outputs as Record<string, unknown>;
    const created = outputs("create-key");
    const newKeyId = String(created.keyId);
    const newArn = String(created.arn);
    expect([created.oldKeyId, created.oldKeyState, created.differences]).toEqual([acme.keyId, "Enabled", []]);

    // The replacement is the key the program declares (spec, usage, description, policy, tags, rotation on).
    const declared = tenantKeyDeclaration("acme", ENV_ACCOUNT, REGION);
    const meta = (await world.kms.send(new DescribeKeyCommand({ KeyId: newKeyId }))).KeyMetadata!;
    const policy = (await world.kms.send(new GetKeyPolicyCommand({ KeyId: newKeyId, PolicyName: "default" }))).Policy!;
    const tags = (await world.kms.send(new ListResourceTagsCommand({ KeyId: newKeyId }))).Tags!;
    const rotation = await world.kms.send(new GetKeyRotationStatusCommand({ KeyId: newKeyId }));
    expect([meta.Description, meta.KeySpec, meta.KeyUsage, JSON.parse(policy), Object.fromEntries(tags.map((t) => [t.TagKey, t.TagValue])), rotation.KeyRotationEnabled]).toEqual([
      declared.description,
      "SYMMETRIC_DEFAULT",
      "ENCRYPT_DECRYPT",
      JSON.parse(declared.policy),
      declared.tags,
      true,
    ]);
    // New audit events and alerts use it; the alias points at it; retained events keep the old key.
    const group = (await world.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/emailmate/tenants/acme/audit" }))).logGroups![0]!;
    const topic = await world.sns.send(new GetTopicAttributesCommand({ TopicArn: acme.topicArn }));
    const alias = (await world.kms.send(new DescribeKeyCommand({ KeyId: "alias/emailmate/tenant/acme" }))).KeyMetadata!;
    expect([group.kmsKeyId, topic.Attributes?.KmsMasterKeyId, alias.KeyId, world.strict.keysOf("/emailmate/tenants/acme/audit")]).toEqual([newArn, newArn, newKeyId, [acme.keyArn, newArn]]);

    // The tenant file records it, and the plan the pull-request flow runs adopts it (import) and keeps the old key retired.
    const tenantFile = readFileSync(join(tmp.dir, "tenants", "acme.yaml"), "utf8");
    expect(tenantFile).toContain(`kmsKeys:\n  - keyId: ${newKeyId}\n    since: "${startedAt}"\n    incident: ${id}\n`);
    const plan = await planStack({ cwd: tmp.dir });
    const planned = (name: string) => plan.resources.find((r) => r.name === name)!;
    expect([planned("acme-key-2").id, planned("acme-key-alias").props.targetKeyId, planned("acme-audit-log-group").props.kmsKeyId]).toEqual([
      newKeyId,
      newKeyId,
      `arn:aws:kms:eu-west-1:123456789012:key/${newKeyId}`,
    ]);

    // After the wait, retiring the old key needs someone else's approval; then its policy only lets Logs read.
    clock.advance(11 * 60_000);
    const approval = await cli(["incident", "run", id, "--execute"]);
    expect([approval.state, approval.step]).toEqual(["awaiting-approval", "retire-old-key"]);
    // Who approves is the principal of the credentials (sts:GetCallerIdentity through the strict layer): nobody approves
    // their own request, and a typed name proves nothing with --execute.
    const arn = (name: string) => `arn:aws:iam::${ENV_ACCOUNT.accountId}:user/${name}`;
    const self = await runCliCapture(["incident", "run", id, "--execute", "--approve", "retire-old-key"], { cwd: tmp.dir, env: world.env, clock });
    expect([self.code, self.stderr.split("\n")[0]]).toEqual([2, `error: ${arn("alice")} requested step retire-old-key and cannot approve it: nobody approves their own request`]);
    const named = await runCliCapture(["incident", "run", id, "--execute", "--approve", "retire-old-key", "--as", "bob"], { cwd: tmp.dir, env: world.env, clock });
    expect([named.code, named.stderr.split("\n")[0]]).toEqual([2, "error: --as bob: with --execute who you are comes from your AWS credentials (sts:GetCallerIdentity), not from a name"]);
    const retired = await cli(["incident", "run", id, "--execute", "--approve", "retire-old-key"], "bob");
    expect([retired.state, retired.step]).toEqual(["awaiting-confirmation", "review-access"]);
    const oldPolicy = (await world.kms.send(new GetKeyPolicyCommand({ KeyId: acme.keyId, PolicyName: "default" }))).Policy!;
    const oldMeta = (await world.kms.send(new DescribeKeyCommand({ KeyId: acme.keyId }))).KeyMetadata!;
    // Deletable once the events it encrypted (until now) have expired: retention 365 days, plus one.
    const deleteAfter = new Date(clock.now().getTime() + 366 * 86_400_000).toISOString().slice(0, 10);
    expect([JSON.parse(oldPolicy), oldMeta.KeyState, outputs("retire-old-key").deleteAfter]).toEqual([JSON.parse(declared.retiredPolicy), "Enabled", deleteAfter]);

    // Retained audit events are still readable (every key that encrypted them is usable).
    const events = await world.logs.send(new FilterLogEventsCommand({ logGroupName: "/emailmate/tenants/acme/audit" }));
    expect(events.events?.length).toBe(3);

    const done = await drive(retired, id);
    expect(done).toEqual([
      "awaiting-confirmation:review-access",
      "awaiting-confirmation:deploy-replacement",
      "awaiting-confirmation:send-notices",
      "awaiting-confirmation:root-cause",
      "awaiting-confirmation:schedule-old-key-deletion",
      "awaiting-confirmation:action-items",
    ]);
    const failed = journal().entries.filter((e) => e.type === "step.failed");
    expect(failed).toEqual([]);
    expect(world.strict.hits.get("logs.associate-emulated")).toBeGreaterThanOrEqual(1);

    // Every executed action, confirmation and approval is an audit event in the platform group, by its actor.
    const platform = (await world.logs.send(new FilterLogEventsCommand({ logGroupName: "/emailmate/platform/audit", interleaved: true }))).events ?? [];
    const audit = platform.map((e) => auditEventSchema.parse(JSON.parse(e.message!)));
    // Who is who as the runner names them (a name, or an ARN from the credentials): the requester and the approver.
    const granted = journal().entries.find((e) => e.type === "approval.granted" && e.data.step === "retire-old-key")!;
    const requested = journal().entries.find((e) => e.type === "approval.requested" && e.data.step === "retire-old-key")!;
    const role = (actor: string) => (actor === String(granted.data.by) ? "approver" : actor === String(requested.data.by) ? "requester" : actor);
    const byStep = audit.filter((e) => e.target?.startsWith(id)).map((e) => `${String(e.metadata?.step)}:${String(e.metadata?.kind)}:${role(e.actor.id)}`);
    expect([String(requested.data.by), String(granted.data.by)]).toEqual([arn("alice"), arn("bob")]);
    expect(byStep).toEqual(
      expect.arrayContaining([
        "create-key:step.succeeded:requester",
        "move-audit-logs:step.succeeded:requester",
        "move-alerts-topic:step.succeeded:requester",
        "repoint-alias:step.succeeded:requester",
        "record-replacement:step.succeeded:requester",
        "retire-old-key:approval.granted:approver",
        "retire-old-key:step.succeeded:approver",
      ]),
    );
    const recorded = audit.filter((e) => e.target === "alias/emailmate/tenant/acme").map((e) => e.metadata?.message);
    expect(recorded).toEqual([`Key ${acme.keyId} of acme replaced by ${newKeyId} under ${id}`]);
    // The tenant's notice lists the containment steps taken.
    const notice = await runCliCapture(["incident", "notify", id, "--json"], { cwd: tmp.dir, env: world.env, clock });
    expect(notice.code, notice.stderr).toBe(0);
    const tenantNotice = readFileSync(join(tmp.dir, ".incidents", id, "notices", "tenant-acme.md"), "utf8");
    expect(tenantNotice).toContain("- Create the replacement key (as the Pulumi program declares it) (");
    // As the tenants' processor, EmailMate tells the tenant (Art. 33(2)); then post-mortem (confirmations by ARN) and close.
    expect(tenantNotice).toContain("As your processor (GDPR Art. 33(2)) we are informing you, the controller, without undue delay");
    const sent = await runCliCapture(["incident", "notify", id, "--mark-sent", "tenants", "--note", "emailed security@ and dpo@", "--json"], { cwd: tmp.dir, env: world.env, clock });
    expect(sent.code, sent.stderr).toBe(0);
    const pm = await runCliCapture(["incident", "postmortem", id, "--json"], { cwd: tmp.dir, env: world.env, clock });
    expect(pm.code, pm.stderr).toBe(0);
    expect(String((JSON.parse(pm.stdout) as { markdown: string }).markdown)).toContain(`## Root cause\n- Write down the root cause: done in the test (${arn("alice")})`);
    const closed = await runCliCapture(["incident", "close", id, "--note", "resolved", "--json"], { cwd: tmp.dir, env: world.env, clock });
    expect([closed.code, (JSON.parse(closed.stdout) as { openSteps: unknown[] }).openSteps], closed.stderr).toEqual([0, []]);
  });

  it("kms-key-compromise refuses to retire a key the alias, log group or topic still use (no approval can make it lock the key in use)", async () => {
    const other = await deployTenant(world, "initech");
    const start = await cli(["incident", "start", "kms-key-compromise", "--param", "tenant=initech", "--execute"]);
    const r = await runCliCapture(["incident", "run", String(start.id), "--execute", "--confirm", "confirm-misuse", "--note", "seen", "--json"], { cwd: tmp.dir, env: world.env, clock });
    expect(r.code).toBe(0);
    // Undo the move of the log group by hand, as if someone reverted it: retiring must now be refused.
    const { AssociateKmsKeyCommand } = await import("@aws-sdk/client-cloudwatch-logs");
    await world.logs.send(new AssociateKmsKeyCommand({ logGroupName: "/emailmate/tenants/initech/audit", kmsKeyId: other.keyArn }));
    clock.advance(11 * 60_000);
    await cli(["incident", "run", String(start.id), "--execute"]);
    const refused = await runCliCapture(["incident", "run", String(start.id), "--execute", "--approve", "retire-old-key", "--json"], { cwd: tmp.dir, env: { ...world.env, ...world.people.bob }, clock });
    expect(refused.stdout + refused.stderr).toContain(`key ${other.keyId} is still used by log group /emailmate/tenants/initech/audit; move them to the replacement key before retiring it`);
    const policy = (await world.kms.send(new GetKeyPolicyCommand({ KeyId: other.keyId, PolicyName: "default" }))).Policy!;
    expect(JSON.parse(policy)).toEqual(JSON.parse(tenantKeyDeclaration("initech", ENV_ACCOUNT, REGION).policy));
  });
});
