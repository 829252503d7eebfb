import { describe, expect, it } from "vitest";
import { ALL_CHECKS } from "../../../src/policy/checks";
import { findingLocator, JUDGED_PROPS } from "../../../src/policy/report/findingLocation";
import type { Finding } from "../../../src/policy/types";
import { tenantFieldOf } from "../../../src/infra/tenantFields";
import { fieldPosition, validateTenantSources } from "../../../src/tenants";

const ACME = `id: acme
name: Acme Corp
plan: pro
region: eu-west-1
contacts:
  security: security@acme.example
sending:
  domains: [mail.acme.example, notify.acme.example]
  tlsPolicy: REQUIRE
audit:
  retentionDays: 365
`;
const tenants = validateTenantSources([{ file: "tenants/acme.yaml", bytes: Buffer.from(ACME) }]).tenants;
const urn = (type: string, name: string) => `urn:pulumi:prod::emailmate-ops::emailmate:tenant:Tenant$${type}::${name}`;
const records = [
  { urn: urn("aws:cloudwatch/logGroup:LogGroup", "acme-audit-log-group"), type: "aws:cloudwatch/logGroup:LogGroup", name: "acme-audit-log-group", tenant: "acme", props: { retentionInDays: 365 } },
  { urn: urn("aws:sesv2/configurationSet:ConfigurationSet", "acme-configuration-set"), type: "aws:sesv2/configurationSet:ConfigurationSet", name: "acme-configuration-set", tenant: "acme", props: { deliveryOptions: { tlsPolicy: "OPTIONAL" } } },
  { urn: urn("aws:sesv2/emailIdentity:EmailIdentity", "acme-identity-notify.acme.example"), type: "aws:sesv2/emailIdentity:EmailIdentity", name: "acme-identity-notify.acme.example", tenant: "acme", props: { emailIdentity: "notify.acme.example", tags: {} } },
  { urn: urn("aws:kms/key:Key", "acme-key"), type: "aws:kms/key:Key", name: "acme-key", tenant: "acme", props: { enableKeyRotation: false } },
];
const finding = (policy: string, i: number, tenant: string | null = "acme"): Finding => ({
  policy,
  status: "fail",
  enforcement: "mandatory",
  severity: "medium",
  urn: records[i]!.urn,
  type: records[i]!.type,
  name: records[i]!.name,
  ...(tenant !== null ? { tenant } : {}),
  message: "m",
  controls: [],
});
const locate = findingLocator(records, (id) => tenants.find((t) => t.id === id), "tenants");

describe("policy/report/findingLocation findingLocator", () => {
  it("points a retention finding at audit.retentionDays", () => {
    expect(locate(finding("aws-cloudwatch-log-group-configure-retention", 0))).toEqual({ uri: "tenants/acme.yaml", line: 11, col: 18, field: "audit.retentionDays" });
  });

  it("points a TLS finding of the configuration set at sending.tlsPolicy", () => {
    expect(locate(finding("aws-sesv2-configuration-set-enforce-tls", 1))).toEqual({ uri: "tenants/acme.yaml", line: 9, col: 14, field: "sending.tlsPolicy" });
  });

  it("maps an identity's emailIdentity to the domain item it was made from, and every resource's region to region", () => {
    const acme = tenants[0]!;
    expect(tenantFieldOf(records[2]!, "emailIdentity", acme)).toBe("sending.domains.1");
    expect(fieldPosition(acme, "sending.domains.1")).toEqual({ line: 8, col: 32, field: "sending.domains.1" });
    expect(tenantFieldOf(records[3]!, "region", acme)).toBe("region");
    expect(tenantFieldOf(records[3]!, "enableKeyRotation", acme)).toBeUndefined();
  });

  it("points a finding no tenant field decides (key rotation) at the tenant's id line", () => {
    expect(locate(finding("aws-kms-key-enable-key-rotation", 3))).toEqual({ uri: "tenants/acme.yaml", line: 1, col: 5, field: "id" });
  });

  it("falls back to line 1 of <tenantsDir>/<id>.yaml when the tenant file is not at hand, and leaves platform findings alone", () => {
    expect(findingLocator(records, () => undefined, "data/tenants/")(finding("aws-kms-key-enable-key-rotation", 3))).toEqual({ uri: "data/tenants/acme.yaml", line: 1, col: 1 });
    expect(locate(finding("aws-kms-key-enable-key-rotation", 3, null))).toBeUndefined();
  });

  it("lists the judged props of every registered check, and no other", () => {
    expect(Object.keys(JUDGED_PROPS).sort()).toEqual(ALL_CHECKS.map((c) => c.id).sort());
  });
});
