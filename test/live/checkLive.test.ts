import { PutRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateKeyCommand, DisableKeyRotationCommand } from "@aws-sdk/client-kms";
import { DeleteConfigurationSetCommand } from "@aws-sdk/client-sesv2";
import { SetTopicAttributesCommand } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { planStack } from "../../src/plan";
import { fromPlan } from "../../src/policy/sources/plan";
import type { ResourceRecord } from "../../src/core/resource";
import { startFakeSesV2, type FakeSesV2 } from "../fakes/sesv2Server";
import { runCliCapture } from "../support/cli";
import { startMoto, type Moto } from "../support/moto";
import { buildAccount, regionClients } from "./account";

interface F {
  policy: string;
  status: string;
  name: string;
  tenant?: string;
  message: string;
}
const brief = (f: F) => `${f.status} ${f.policy} ${f.name}${f.tenant ? ` [${f.tenant}]` : ""}: ${f.message}`;

const ROOT = process.cwd();

describe("check --live (src/live over moto and the SES v2 fake)", () => {
  let moto: Moto;
  let fake: FakeSesV2;
  let plan: readonly ResourceRecord[];
  const env = () => ({
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_ENDPOINT_URL_SESV2: fake.endpoint,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
  });

  beforeAll(async () => {
    [moto, fake] = await Promise.all([startMoto(), startFakeSesV2()]);
    plan = fromPlan(await planStack({ cwd: ROOT, stack: "dev" })).records;
  });
  afterAll(async () => {
    await Promise.all([moto.stop(), fake.stop()]);
  });
  beforeEach(async () => {
    await moto.reset();
    fake.reset();
  });

  it("passes on an account built to match the plan: every check passes, no drift, no errors", async () => {
    await buildAccount(plan, moto, fake);
    const run = await runCliCapture(["policy", "check", "--live", "--json"], { cwd: ROOT, env: env() });
    const report = JSON.parse(run.stdout);
    const notPass = report.findings.filter((f: { status: string }) => f.status !== "pass" && f.status !== "not-evaluated");
    expect(notPass).toEqual([]);
    // what the account has none of (load balancers, CloudFront, API Gateway) and what live collection does not read (Vercel) is not tested
    expect(report.findings.filter((f: F) => f.status === "not-evaluated").map((f: F) => f.policy).sort()).toEqual([
      "aws-apigateway-domain-name-enforce-tls13",
      "aws-cloudfront-distribution-enforce-tls13",
      "aws-lb-listener-enforce-tls13",
      "vercel-project-enforce-hsts",
      "vercel-project-environment-variable-enforce-sensitive",
    ]);
    expect(run.code).toBe(0);
    expect(report.live.drift).toMatchObject({ missing: 0, unexpected: 0, property: 0 });
    const live = report.findings.filter((f: F) => /^(drift|live)-/.test(f.policy)).map((f: F) => `${f.status} ${f.policy}: ${f.message}`);
    const where = "account 123456789012 in ap-southeast-2, eu-west-1, us-east-1";
    expect(live).toEqual([
      `pass drift-missing: every one of ${report.live.drift.compared} resources declared (or deployed) runs in the ${where}`,
      `pass drift-unexpected: nothing of the project runs in the ${where} that is not declared (${report.live.drift.compared} resources compared)`,
      "pass drift-property: every property the checks read (26 across 7 resource types) is equal in each source that has the resource",
      `pass live-collection-error: every listing and read in the ${where} succeeded`,
    ]);
    expect(report.live.regions).toEqual(["ap-southeast-2", "eu-west-1", "us-east-1"]);
    const planned: Record<string, number> = {};
    for (const r of plan) if (r.type in report.live.resources || /kms|logGroup|sns|sesv2\/(configurationSet|tenant|emailIdentity|tenantResource)/.test(r.type)) planned[r.type] = (planned[r.type] ?? 0) + 1;
    delete planned["aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination"];
    expect(report.live.resources).toEqual(planned);
  });

  it("detects planted drift: 30-day retention, a missing configuration set, rotation off, an unexpected tenant key, an unencrypted topic", async () => {
    const built = await buildAccount(plan, moto, fake);
    const eu = regionClients(moto, fake, "eu-west-1");
    const us = regionClients(moto, fake, "us-east-1");
    const ap = regionClients(moto, fake, "ap-southeast-2");
    let strayKey: string;
    try {
      await eu.logs.send(new PutRetentionPolicyCommand({ logGroupName: "/emailmate/tenants/acme/audit", retentionInDays: 30 }));
      await us.ses.send(new DeleteConfigurationSetCommand({ ConfigurationSetName: "tenant-globex" }));
      const initech = [...built.keys.values()].find((k) => k.region === "ap-southeast-2")!;
      await ap.kms.send(new DisableKeyRotationCommand({ KeyId: initech.keyId }));
      strayKey = (await eu.kms.send(new CreateKeyCommand({ Description: "made by hand", Tags: [{ TagKey: "tenant", TagValue: "acme" }] }))).KeyMetadata!.KeyId!;
      const topic = `arn:aws:sns:eu-west-1:123456789012:emailmate-tenant-acme-alerts`;
      await eu.sns.send(new SetTopicAttributesCommand({ TopicArn: topic, AttributeName: "KmsMasterKeyId", AttributeValue: "" }));
    } finally {
      for (const c of [eu, us, ap]) c.destroy();
    }
    const run = await runCliCapture(["policy", "check", "--live", "--json"], { cwd: ROOT, env: env() });
    const report = JSON.parse(run.stdout) as { findings: F[] };
    if (report.findings === undefined) throw new Error(run.stdout + run.stderr);
    const notPass = report.findings.filter((f) => f.status !== "pass" && f.status !== "not-evaluated").map(brief).sort();
    expect(run.code).toBe(1);
    expect(notPass).toEqual(
      [
        "fail aws-cloudwatch-log-group-configure-retention /emailmate/tenants/acme/audit [acme]: retention is 30 days; expected at least 365 days.",
        "fail drift-property /emailmate/tenants/acme/audit [acme]: LogGroup /emailmate/tenants/acme/audit: retentionInDays is 365 in the plan, 30 in the account (read by aws-cloudwatch-log-group-configure-retention).",
        "fail drift-missing globex-configuration-set [globex]: ConfigurationSet tenant-globex is declared in the plan, but not found in the account (us-east-1).",
        "fail aws-kms-key-enable-key-rotation alias/emailmate/tenant/initech [initech]: automatic key rotation is disabled; expected enableKeyRotation: true.",
        "fail drift-property alias/emailmate/tenant/initech [initech]: Key alias/emailmate/tenant/initech: enableKeyRotation is true in the plan, false in the account (read by aws-kms-key-enable-key-rotation).",
        `fail drift-unexpected ${strayKey!} [acme]: Key id:${strayKey!} runs in the account (eu-west-1) but is not declared in the plan.`,
        `fail aws-kms-key-enable-key-rotation ${strayKey!} [acme]: automatic key rotation is disabled; expected enableKeyRotation: true.`,
        "fail aws-sns-topic-enforce-kms emailmate-tenant-acme-alerts [acme]: topic has no kmsMasterKeyId; expected server-side encryption with a KMS key.",
        "fail drift-property emailmate-tenant-acme-alerts [acme]: Topic emailmate-tenant-acme-alerts: kmsMasterKeyId is key alias/emailmate/tenant/acme in the plan, (unset) in the account (read by aws-sns-topic-enforce-kms, emailmate-tenant-enforce-isolation).",
        // what the checks say about the account as it is: globex's identities and SES tenant point at a set that is gone
        "fail emailmate-tenant-enforce-isolation alerts.globex.example [globex]: EmailIdentity alerts.globex.example of tenant globex uses configuration set tenant-globex, which is not tenant globex's; expected tenant-globex.",
        "fail emailmate-tenant-enforce-isolation alias/emailmate/tenant/globex [globex]: tenant globex has no SES configuration set of its own; expected tenant-globex.",
        "fail emailmate-tenant-enforce-isolation billing.globex.example [globex]: EmailIdentity billing.globex.example of tenant globex uses configuration set tenant-globex, which is not tenant globex's; expected tenant-globex.",
        "fail emailmate-tenant-enforce-isolation emailmate-tenant-acme-alerts [acme]: Topic emailmate-tenant-acme-alerts of tenant acme uses KMS key (none), which is not tenant acme's; expected tenant acme's own key.",
        "fail emailmate-tenant-enforce-isolation globex → configuration-set/tenant-globex [globex]: TenantResourceAssociation globex → configuration-set/tenant-globex of tenant globex uses resource arn:aws:ses:us-east-1:123456789012:configuration-set/tenant-globex, which is not tenant globex's; expected a configuration set or identity of tenant globex.",
        "fail emailmate-tenant-enforce-isolation mail.globex.example [globex]: EmailIdentity mail.globex.example of tenant globex uses configuration set tenant-globex, which is not tenant globex's; expected tenant-globex.",
      ].sort(),
    );
    const sarif = JSON.parse((await runCliCapture(["policy", "check", "--live", "--format", "sarif"], { cwd: ROOT, env: env() })).stdout);
    const rules: string[] = sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    const drift = sarif.runs[0].results.filter((r: { ruleId: string }) => r.ruleId.startsWith("drift-"));
    expect([rules.filter((r) => r.startsWith("drift-") || r.startsWith("live-")), drift.length, drift.every((r: { ruleIndex?: number }) => r.ruleIndex !== undefined)]).toEqual([
      ["drift-missing", "drift-property", "drift-unexpected", "live-collection-error"],
      5,
      true,
    ]);
  });
});
