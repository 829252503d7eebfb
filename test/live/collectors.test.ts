import { CreateLogGroupCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateKeyCommand, CreateAliasCommand } from "@aws-sdk/client-kms";
import { CreateConfigurationSetCommand } from "@aws-sdk/client-sesv2";
import { CreateTopicCommand } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { collectInventory, LIVE_OPERATIONS, type LiveAwsSettings, type LiveService } from "../../src/aws/collectors";
import { PROJECT_SCOPE } from "../../src/live/names";
import { planStack } from "../../src/plan";
import { fromPlan } from "../../src/policy/sources/plan";
import { startFakeSesV2, type FakeSesV2 } from "../fakes/sesv2Server";
import { runCliCapture } from "../support/cli";
import { freePort, startMoto, type Moto } from "../support/moto";
import { startFaultProxy } from "../support/faultProxy";
import { buildAccount, regionClients } from "./account";

const ROOT = process.cwd();

describe("src/aws/collectors (moto and the SES v2 fake)", () => {
  let moto: Moto;
  let fake: FakeSesV2;
  const sent: { service: LiveService; operation: string; input: unknown }[] = [];
  const settings = (region: string, extra: Partial<LiveAwsSettings> = {}): LiveAwsSettings => ({
    region,
    endpoint: moto.endpoint,
    endpoints: { sesv2: fake.endpoint },
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    onCommand: (service, operation, input) => sent.push({ service, operation, input }),
    ...extra,
  });

  beforeAll(async () => {
    [moto, fake] = await Promise.all([startMoto(), startFakeSesV2()]);
  });
  afterAll(async () => {
    await Promise.all([moto.stop(), fake.stop()]);
  });
  beforeEach(async () => {
    await moto.reset();
    fake.reset();
    sent.length = 0;
  });

  async function sampleAccount() {
    const plan = fromPlan(await planStack({ cwd: ROOT, stack: "dev" })).records;
    await buildAccount(plan, moto, fake);
  }

  it("sends only operations of the read-only policy, and every one of them (the IAM policy is complete)", async () => {
    await sampleAccount();
    for (const region of ["eu-west-1", "us-east-1", "ap-southeast-2"]) await collectInventory(settings(region), PROJECT_SCOPE);
    const used = [...new Set(sent.map((s) => `${s.service}:${s.operation}`))].sort();
    expect(used).toEqual(LIVE_OPERATIONS.map((o) => `${o.service}:${o.operation}`).sort());
  });

  it("follows every page: a page size of 1 reads the same inventory as one page", async () => {
    await sampleAccount();
    const whole = await collectInventory(settings("eu-west-1"), PROJECT_SCOPE);
    sent.length = 0;
    const paged = await collectInventory(settings("eu-west-1"), PROJECT_SCOPE, { pageSize: 1 });
    const calls = (op: string) => sent.filter((s) => s.operation === op).length;
    expect(paged).toEqual(whole);
    // One page per item: acme's set, its two identities, two log groups (platform and acme audit), and
    // the three resources of acme's SES tenant. (moto ignores KMS's Limit, so KMS answers in one page either way.)
    expect([calls("ListConfigurationSets"), calls("ListEmailIdentities"), calls("DescribeLogGroups"), calls("ListTenantResources")]).toEqual([1, 2, 2, 3]);
  });

  it("follows SNS ListTopics' NextToken (moto answers 100 topics a page)", async () => {
    const { sns, destroy } = regionClients(moto, fake, "eu-west-1");
    try {
      for (let i = 0; i < 100; i++) await sns.send(new CreateTopicCommand({ Name: `other-${i}` }));
      await sns.send(new CreateTopicCommand({ Name: "emailmate-alerts", Tags: [{ Key: "managed-by", Value: "emailmate-ops" }] }));
    } finally {
      destroy();
    }
    const inv = await collectInventory(settings("eu-west-1"), PROJECT_SCOPE);
    expect([inv.topics.map((t) => t.name), sent.filter((s) => s.operation === "ListTopics").length]).toEqual([["emailmate-alerts"], 2]);
  });

  it("asks KMS for rotation status only of symmetric keys (others answer UnsupportedOperationException)", async () => {
    const { kms, destroy } = regionClients(moto, fake, "eu-west-1");
    try {
      const ecc = await kms.send(new CreateKeyCommand({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY", Tags: [{ TagKey: "managed-by", TagValue: "emailmate-ops" }] }));
      await kms.send(new CreateAliasCommand({ AliasName: "alias/emailmate/evidence-signing", TargetKeyId: ecc.KeyMetadata!.KeyId! }));
    } finally {
      destroy();
    }
    const inv = await collectInventory(settings("eu-west-1"), PROJECT_SCOPE);
    expect(inv.keys.map((k) => [k.keySpec, k.rotationEnabled])).toEqual([["ECC_NIST_P256", undefined]]);
    expect(sent.filter((s) => s.operation === "GetKeyRotationStatus")).toEqual([]);
  });

  it("tags log groups by the ARN without DescribeLogGroups' trailing :* (ListTagsForResource refuses it)", async () => {
    const { logs, destroy } = regionClients(moto, fake, "eu-west-1");
    try {
      await logs.send(new CreateLogGroupCommand({ logGroupName: "/emailmate/platform/audit", tags: { "managed-by": "emailmate-ops" } }));
    } finally {
      destroy();
    }
    const inv = await collectInventory(settings("eu-west-1"), PROJECT_SCOPE);
    const arns = sent.filter((s) => s.service === "logs" && s.operation === "ListTagsForResource").map((s) => (s.input as { resourceArn: string }).resourceArn);
    expect(arns).toEqual(["arn:aws:logs:eu-west-1:123456789012:log-group:/emailmate/platform/audit"]);
    expect(inv.logGroups[0]!.tags).toEqual({ "managed-by": "emailmate-ops" });
  });

  it("leaves out other teams' resources: keys, log groups and topics outside the project's names and tags", async () => {
    const { kms, logs, sns, ses, destroy } = regionClients(moto, fake, "eu-west-1");
    try {
      await kms.send(new CreateKeyCommand({ Description: "someone else's" }));
      await logs.send(new CreateLogGroupCommand({ logGroupName: "/aws/lambda/other" }));
      await sns.send(new CreateTopicCommand({ Name: "other-alerts" }));
      await ses.send(new CreateConfigurationSetCommand({ ConfigurationSetName: "marketing" }));
    } finally {
      destroy();
    }
    const inv = await collectInventory(settings("eu-west-1"), PROJECT_SCOPE);
    expect([inv.keys, inv.logGroups, inv.topics, inv.configurationSets]).toEqual([[], [], [], []]);
    expect(sent.filter((s) => s.operation === "GetKeyPolicy" || s.operation === "GetConfigurationSet")).toEqual([]);
  });

  it("retries SES throttling (TooManyRequestsException, 429) and then reads the sets", async () => {
    await sampleAccount();
    fake.failNext("ListConfigurationSets", 2);
    const inv = await collectInventory(settings("eu-west-1"), PROJECT_SCOPE);
    expect([inv.errors, inv.configurationSets.map((c) => c.name), fake.count("ListConfigurationSets")]).toEqual([[], ["tenant-acme"], 3]);
  });

  it("reads the same inventory when a fifth of KMS and Logs calls are throttled, fail with 500 or drop the connection", async () => {
    await sampleAccount();
    const whole = await collectInventory(settings("eu-west-1"), PROJECT_SCOPE);
    const proxy = await startFaultProxy({ target: moto.endpoint, faultRate: 0.2, seed: 11, eligible: (t) => t.startsWith("TrentService.") || t.startsWith("Logs_") });
    try {
      const faulty = await collectInventory(settings("eu-west-1", { endpoints: { sesv2: fake.endpoint, kms: proxy.endpoint, logs: proxy.endpoint } }), PROJECT_SCOPE);
      expect(faulty).toEqual(whole);
      expect(proxy.stats.throttled + proxy.stats.serverErrors + proxy.stats.resets).toBeGreaterThan(0);
    } finally {
      await proxy.stop();
    }
  });

  it("reports throttling that outlasts the retries as a collection error, and the sets as not collected", async () => {
    await sampleAccount();
    fake.failNext("ListConfigurationSets", 10);
    const inv = await collectInventory(settings("eu-west-1", { maxAttempts: 2 }), PROJECT_SCOPE);
    expect(inv.complete).not.toContain("configurationSets");
    expect(inv.errors.map((e) => [e.service, e.operation, e.code, e.kind])).toEqual([["sesv2", "ListConfigurationSets", "TooManyRequestsException", "E_AWS_UNAVAILABLE"]]);
  });

  it("skips a configuration set deleted between list and get (NotFoundException): gone, not an error", async () => {
    await sampleAccount();
    fake.failNext("GetConfigurationSet", 1, { type: "NotFoundException", status: 404, message: "Configuration set <tenant-acme> does not exist." });
    const inv = await collectInventory(settings("eu-west-1"), PROJECT_SCOPE);
    expect([inv.errors, inv.configurationSets, inv.complete.includes("configurationSets")]).toEqual([[], [], true]);
  });

  describe("check --live with collection errors", () => {
    const env = (extra: Record<string, string> = {}) => ({
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ENDPOINT_URL_SESV2: fake.endpoint,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_MAX_ATTEMPTS: "1",
      ...extra,
    });

    it("AccessDenied on SES: error findings (never pass), SES resources not called missing, exit 1", async () => {
      await sampleAccount();
      fake.failNext("ListConfigurationSets", 3, { type: "AccessDeniedException", status: 403, message: "User is not authorized to perform: ses:ListConfigurationSets" });
      const run = await runCliCapture(["policy", "check", "--live", "--json"], { cwd: ROOT, env: env() });
      const report = JSON.parse(run.stdout);
      const errors = report.findings.filter((f: { status: string }) => f.status === "error");
      expect(run.code).toBe(1);
      expect(errors.map((f: { policy: string; name: string; message: string }) => [f.policy, f.name, f.message])).toEqual(
        ["ap-southeast-2", "eu-west-1", "us-east-1"].map((region) => [
          "live-collection-error",
          "sesv2:ListConfigurationSets",
          `SES v2 ListConfigurationSets failed: AccessDeniedException: User is not authorized to perform: ses:ListConfigurationSets (E_AWS_ACCESS_DENIED); nothing was checked for ConfigurationSet in ${region}.`,
        ]),
      );
      expect(report.findings.filter((f: { policy: string }) => f.policy === "drift-missing")).toEqual([]);
      expect(report.live.drift.skipped).toEqual(["ConfigurationSet in ap-southeast-2", "ConfigurationSet in eu-west-1", "ConfigurationSet in us-east-1"]);
      expect(report.summary.error).toBe(3);
    });

    it("exits 3 when nothing can be read (endpoint down)", async () => {
      const down = `http://127.0.0.1:${await freePort()}`;
      const run = await runCliCapture(["policy", "check", "--live", "--region", "eu-west-1"], { cwd: ROOT, env: env({ AWS_ENDPOINT_URL: down, AWS_ENDPOINT_URL_SESV2: down }) });
      expect([run.code, run.stdout]).toEqual([3, ""]);
      expect(run.stderr).toMatch(/^error: live collection failed: nothing could be read in eu-west-1: STS GetCallerIdentity failed: .*ECONNREFUSED/);
    });

    it("refuses --live with --preview-json, and check --stack-export without --live (exit 2)", async () => {
      const a = await runCliCapture(["policy", "check", "--live", "--preview-json", "x.json"], { cwd: ROOT, env: env() });
      const b = await runCliCapture(["check", "--stack-export", "x.json", "--out", "/nonexistent/never"], { cwd: ROOT, env: env() });
      expect([a.code, a.stderr.trim(), b.code, b.stderr.trim()]).toEqual([
        2,
        "error: --live compares the plan, a stack export and the account; --preview-json cannot be one of them",
        2,
        "error: --stack-export applies to check only with --live (use `policy check --stack-export` to check a stack export)",
      ]);
    });

    it("refuses --region without --live, and a malformed region (exit 2)", async () => {
      const a = await runCliCapture(["policy", "check", "--region", "eu-west-1"], { cwd: ROOT, env: env() });
      const b = await runCliCapture(["policy", "check", "--live", "--region", "Ireland"], { cwd: ROOT, env: env() });
      expect([a.code, a.stderr.trim(), b.code, b.stderr.trim()]).toEqual([
        2,
        "error: --region applies only with --live (reading the deployed account)",
        2,
        "error: --region Ireland: not an AWS region name (e.g. eu-west-1)",
      ]);
    });
  });
});
