import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tenantModel } from "../../src/infra/tenantModel";
import { ResourceTypes, isOutputRef, type ComponentModel, type ResourceModel } from "../../src/infra/model";
import { loadTenantsOrThrow, type Tenant } from "../../src/tenants";

const env = { accountId: "123456789012", partition: "aws" };
const sample = (id: string): Tenant => {
  const t = loadTenantsOrThrow([join(__dirname, "../../tenants")]).find((x) => x.id === id);
  if (t === undefined) throw new Error(`no sample tenant ${id}`);
  return t;
};
const child = (m: ComponentModel, role: string): ResourceModel => {
  const c = m.children.find((x) => x.role === role);
  if (c === undefined) throw new Error(`no child ${role}`);
  return c;
};
const TAGS = (id: string) => ({ tenant: id, "managed-by": "emailmate-ops", "data-classification": "confidential" });

describe("infra/tenantModel", () => {
  it("declares exactly these children for acme (two domains, tracking domain)", () => {
    const m = tenantModel(sample("acme"), env);
    expect(m.type).toBe("emailmate:tenant:Tenant");
    expect(m.name).toBe("acme");
    expect(m.children.map((c) => [c.role, c.type])).toEqual([
      ["key", "aws:kms/key:Key"],
      ["key-alias", "aws:kms/alias:Alias"],
      ["audit-log-group", "aws:cloudwatch/logGroup:LogGroup"],
      ["configuration-set", "aws:sesv2/configurationSet:ConfigurationSet"],
      ["ses-tenant", "aws:sesv2/tenant:Tenant"],
      ["configuration-set-association", "aws:sesv2/tenantResourceAssociation:TenantResourceAssociation"],
      ["identity-mail.acme.example", "aws:sesv2/emailIdentity:EmailIdentity"],
      ["identity-mail.acme.example-association", "aws:sesv2/tenantResourceAssociation:TenantResourceAssociation"],
      ["identity-notify.acme.example", "aws:sesv2/emailIdentity:EmailIdentity"],
      ["identity-notify.acme.example-association", "aws:sesv2/tenantResourceAssociation:TenantResourceAssociation"],
      ["event-destination", "aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination"],
      ["alerts-topic", "aws:sns/topic:Topic"],
      ["bounce-rate-alarm", "aws:cloudwatch/metricAlarm:MetricAlarm"],
      ["complaint-rate-alarm", "aws:cloudwatch/metricAlarm:MetricAlarm"],
    ]);
  });

  it("declares one identity and one association per sending domain (globex: three)", () => {
    const m = tenantModel(sample("globex"), env);
    expect(m.children.filter((c) => c.type === ResourceTypes.emailIdentity).map((c) => c.inputs.emailIdentity)).toEqual([
      "mail.globex.example",
      "billing.globex.example",
      "alerts.globex.example",
    ]);
    expect(m.children.filter((c) => c.type === ResourceTypes.tenantResourceAssociation)).toHaveLength(4);
  });

  it("puts every child in the tenant's region", () => {
    for (const id of ["acme", "globex", "initech"]) {
      const t = sample(id);
      expect(new Set(tenantModel(t, env).children.map((c) => c.inputs.region))).toEqual(new Set([t.region]));
    }
  });

  it("tags every taggable child with tenant, managed-by and data-classification", () => {
    const untaggable: string[] = [ResourceTypes.kmsAlias, ResourceTypes.tenantResourceAssociation, ResourceTypes.configurationSetEventDestination];
    const m = tenantModel(sample("initech"), env);
    for (const c of m.children) {
      if (untaggable.includes(c.type)) expect(c.inputs.tags, c.role).toBeUndefined();
      else expect(c.inputs.tags, c.role).toEqual(TAGS("initech"));
    }
  });

  it("makes a symmetric AES-256 key with rotation, a 30-day deletion window and the tenant alias", () => {
    const m = tenantModel(sample("acme"), env);
    const key = child(m, "key").inputs;
    expect([key.keyUsage, key.customerMasterKeySpec, key.enableKeyRotation, key.deletionWindowInDays]).toEqual(["ENCRYPT_DECRYPT", "SYMMETRIC_DEFAULT", true, 30]);
    expect(child(m, "key-alias").inputs).toEqual({ region: "eu-west-1", name: "alias/emailmate/tenant/acme", targetKeyId: { kind: "ref", role: "key", attr: "keyId" } });
  });

  it("writes a key policy with no wildcard principal, service principals bound to this tenant's resources", () => {
    const policy = JSON.parse(child(tenantModel(sample("acme"), env), "key").inputs.policy as string);
    expect(policy.Statement).toEqual([
      { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
      {
        Sid: "CloudWatchLogsForTheseLogGroups",
        Effect: "Allow",
        Principal: { Service: "logs.eu-west-1.amazonaws.com" },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: {
          ArnEquals: {
            "kms:EncryptionContext:aws:logs:arn": [
              "arn:aws:logs:eu-west-1:123456789012:log-group:/emailmate/tenants/acme/audit",
            ],
          },
        },
      },
      {
        Sid: "CloudWatchAlarmsToEncryptedTopic",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceAccount": "123456789012" },
          ArnLike: {
            "aws:SourceArn": [
              "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:emailmate-tenant-acme-bounce-rate",
              "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:emailmate-tenant-acme-complaint-rate",
            ],
          },
        },
      },
    ]);
  });

  it("requires TLS, enables reputation metrics and sending, and suppresses the tenant's reasons", () => {
    const cs = child(tenantModel(sample("acme"), env), "configuration-set").inputs;
    expect(cs.configurationSetName).toBe("tenant-acme");
    expect(cs.deliveryOptions).toEqual({ tlsPolicy: "REQUIRE" });
    expect(cs.reputationOptions).toEqual({ reputationMetricsEnabled: true });
    expect(cs.sendingOptions).toEqual({ sendingEnabled: true });
    expect(cs.suppressionOptions).toEqual({ suppressedReasons: ["BOUNCE", "COMPLAINT"] });
  });

  it("tracks over HTTPS only when a tracking domain is set, and not at all otherwise", () => {
    expect(child(tenantModel(sample("acme"), env), "configuration-set").inputs.trackingOptions).toEqual({ customRedirectDomain: "click.mail.acme.example", httpsPolicy: "REQUIRE" });
    expect(child(tenantModel(sample("initech"), env), "configuration-set").inputs.trackingOptions).toBeUndefined();
  });

  it("signs with Easy DKIM RSA 2048 and binds each identity to the tenant's configuration set", () => {
    const id = child(tenantModel(sample("acme"), env), "identity-mail.acme.example").inputs;
    expect(id.dkimSigningAttributes).toEqual({ nextSigningKeyLength: "RSA_2048_BIT" });
    expect(id.configurationSetName).toEqual({ kind: "ref", role: "configuration-set", attr: "configurationSetName" });
  });

  it("associates the configuration set and each identity with the tenant's own SES tenant", () => {
    const m = tenantModel(sample("acme"), env);
    expect(child(m, "configuration-set-association").inputs).toEqual({
      region: "eu-west-1",
      tenantName: { kind: "ref", role: "ses-tenant", attr: "tenantName" },
      resourceArn: { kind: "ref", role: "configuration-set", attr: "arn" },
    });
    expect(child(m, "identity-notify.acme.example-association").inputs.resourceArn).toEqual({ kind: "ref", role: "identity-notify.acme.example", attr: "arn" });
    expect(child(m, "ses-tenant").inputs.tenantName).toBe("acme");
  });

  it("keeps the audit log group for the tenant's retention, encrypted with the tenant key, and no SES-events group (nothing delivers to it)", () => {
    const m = tenantModel(sample("globex"), env);
    const groups = m.children.filter((c) => c.type === ResourceTypes.logGroup).map((c) => [c.role, c.inputs.name, c.inputs.retentionInDays, c.inputs.kmsKeyId]);
    expect(groups).toEqual([["audit-log-group", "/emailmate/tenants/globex/audit", 2557, { kind: "ref", role: "key", attr: "arn" }]]);
  });

  it("after key replacements, declares every generation: earlier ones retired (retained, locked policy), the last adopted by import and used by alias, log group and topic", () => {
    const t = { ...sample("acme"), kmsKeys: [
      { keyId: "11111111-1111-4111-8111-111111111111", since: "2026-06-01T00:00:00Z" },
      { keyId: "22222222-2222-4222-8222-222222222222", since: "2026-11-29T12:10:00Z", incident: "INC-20261129-001" },
    ] };
    const m = tenantModel(t, env);
    const keys = m.children.filter((c) => c.type === ResourceTypes.kmsKey);
    expect(keys.map((k) => [k.role, k.options, (JSON.parse(String(k.inputs.policy)) as { Statement: { Sid: string }[] }).Statement[0]!.Sid])).toEqual([
      ["key", { retainOnDelete: true }, "AccountAdministrationOnly"],
      ["key-2", { import: "11111111-1111-4111-8111-111111111111", retainOnDelete: true }, "AccountAdministrationOnly"],
      ["key-3", { import: "22222222-2222-4222-8222-222222222222" }, "AccountAdministration"],
    ]);
    expect([child(m, "key-alias").inputs.targetKeyId, child(m, "audit-log-group").inputs.kmsKeyId, child(m, "alerts-topic").inputs.kmsMasterKeyId]).toEqual([
      { kind: "ref", role: "key-3", attr: "keyId" },
      { kind: "ref", role: "key-3", attr: "arn" },
      { kind: "ref", role: "key-3", attr: "arn" },
    ]);
  });

  it("gives a retired key only what reading retained logs needs: Logs may decrypt for the tenant's log group, the account may administer but not use it", () => {
    const t = { ...sample("acme"), kmsKeys: [{ keyId: "11111111-1111-4111-8111-111111111111", since: "2026-06-01T00:00:00Z" }] };
    const policy = JSON.parse(String(child(tenantModel(t, env), "key").inputs.policy)) as { Statement: Record<string, unknown>[] };
    expect(policy.Statement).toEqual([
      {
        Sid: "AccountAdministrationOnly",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::123456789012:root" },
        Action: ["kms:Describe*", "kms:Get*", "kms:List*", "kms:PutKeyPolicy", "kms:TagResource", "kms:UntagResource", "kms:EnableKeyRotation", "kms:DisableKeyRotation", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"],
        Resource: "*",
      },
      {
        Sid: "CloudWatchLogsReadRetainedEvents",
        Effect: "Allow",
        Principal: { Service: "logs.eu-west-1.amazonaws.com" },
        Action: ["kms:Decrypt*", "kms:Describe*"],
        Resource: "*",
        Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": ["arn:aws:logs:eu-west-1:123456789012:log-group:/emailmate/tenants/acme/audit"] } },
      },
    ]);
  });

  it("publishes bounces, complaints, rejects and deliveries to CloudWatch per configuration set", () => {
    const d = child(tenantModel(sample("initech"), env), "event-destination").inputs;
    expect(d.eventDestinationName).toBe("tenant-initech-events");
    expect(d.eventDestination).toEqual({
      enabled: true,
      matchingEventTypes: ["BOUNCE", "COMPLAINT", "REJECT", "DELIVERY"],
      cloudWatchDestination: { dimensionConfigurations: [{ dimensionName: "ses:configuration-set", dimensionValueSource: "MESSAGE_TAG", defaultDimensionValue: "tenant-initech" }] },
    });
  });

  it("alarms at bounce rate ≥ 5 % and complaint rate ≥ 0.1 % into the KMS-encrypted alerts topic", () => {
    const m = tenantModel(sample("acme"), env);
    expect(child(m, "alerts-topic").inputs.kmsMasterKeyId).toEqual({ kind: "ref", role: "key", attr: "arn" });
    const pick = (role: string) => {
      const a = child(m, role).inputs;
      return [a.namespace, a.metricName, a.comparisonOperator, a.threshold, a.dimensions, a.alarmActions];
    };
    const dims = { "ses:configuration-set": { kind: "ref", role: "configuration-set", attr: "configurationSetName" } };
    const topic = [{ kind: "ref", role: "alerts-topic", attr: "arn" }];
    expect(pick("bounce-rate-alarm")).toEqual(["AWS/SES", "Reputation.BounceRate", "GreaterThanOrEqualToThreshold", 0.05, dims, topic]);
    expect(pick("complaint-rate-alarm")).toEqual(["AWS/SES", "Reputation.ComplaintRate", "GreaterThanOrEqualToThreshold", 0.001, dims, topic]);
  });

  it("refers only to children declared earlier", () => {
    const m = tenantModel(sample("globex"), env);
    const seen = new Set<string>();
    const refs = (v: unknown): string[] =>
      isOutputRef(v) ? [v.role] : Array.isArray(v) ? v.flatMap(refs) : typeof v === "object" && v !== null ? Object.values(v).flatMap(refs) : [];
    for (const c of m.children) {
      for (const r of refs(c.inputs)) expect(seen.has(r), `${c.role} → ${r}`).toBe(true);
      seen.add(c.role);
    }
  });
});
