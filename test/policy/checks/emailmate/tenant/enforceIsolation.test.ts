import { describe, expect, it } from "vitest";
import { enforceIsolation as check } from "../../../../../src/policy/checks/emailmate/tenant/enforceIsolation";
import { UNKNOWN } from "../../../../../src/policy/values";
import { change, setProp, tenantRecords } from "../../../fixtures";
import { run } from "../../../support";

const valid = [...tenantRecords("acme"), ...tenantRecords("globex")];
const GLOBEX_KEY = "arn:aws:kms:eu-west-1:111111111111:key/mock-key-globex-key";

describe("src/policy/checks/emailmate/tenant/enforceIsolation", () => {
  it("passes two tenants with their own configuration sets, SES tenants and keys", () => {
    expect(run(check, valid)).toMatchObject({ status: "pass", messages: [] });
  });

  it("fails a log group encrypted with another tenant's key", () => {
    const records = change(valid, "acme-audit-log-group", (r) => setProp(r, "kmsKeyId", GLOBEX_KEY));
    const out = run(check, records);
    expect(out.messages).toEqual([`LogGroup acme-audit-log-group of tenant acme uses tenant globex's KMS key ${GLOBEX_KEY}; expected tenant acme's own key.`]);
    expect(out.evaluation.findings.find((f) => f.status === "fail")).toMatchObject({ tenant: "acme", name: "acme-audit-log-group", type: "aws:cloudwatch/logGroup:LogGroup" });
  });

  it("fails a log group encrypted with a key that belongs to no tenant", () => {
    const other = "arn:aws:kms:eu-west-1:111111111111:key/shared";
    expect(run(check, change(valid, "acme-ses-events-log-group", (r) => setProp(r, "kmsKeyId", other))).messages).toEqual([
      `LogGroup acme-ses-events-log-group of tenant acme uses KMS key ${other}, which is not tenant acme's; expected tenant acme's own key.`,
    ]);
  });

  it("fails an alerts topic encrypted with another tenant's key", () => {
    expect(run(check, change(valid, "acme-alerts-topic", (r) => setProp(r, "kmsMasterKeyId", GLOBEX_KEY))).messages).toEqual([
      `Topic acme-alerts-topic of tenant acme uses tenant globex's KMS key ${GLOBEX_KEY}; expected tenant acme's own key.`,
    ]);
  });

  it("fails an identity bound to another tenant's configuration set", () => {
    expect(run(check, change(valid, "acme-identity-mail.acme.example", (r) => setProp(r, "configurationSetName", "tenant-globex"))).messages).toEqual([
      "EmailIdentity acme-identity-mail.acme.example of tenant acme uses tenant globex's configuration set tenant-globex; expected tenant-acme.",
    ]);
  });

  it("fails an association that puts a tenant's identity under another SES tenant", () => {
    expect(run(check, change(valid, "acme-identity-mail.acme.example-association", (r) => setProp(r, "tenantName", "globex"))).messages).toEqual([
      "TenantResourceAssociation acme-identity-mail.acme.example-association of tenant acme uses tenant globex's SES tenant globex; expected acme.",
    ]);
  });

  it("fails an association of another tenant's resource", () => {
    const arn = "arn:aws:ses:eu-west-1:111111111111:configuration-set/tenant-globex";
    expect(run(check, change(valid, "acme-configuration-set-association", (r) => setProp(r, "resourceArn", arn))).messages).toEqual([
      "ConfigurationSet acme-configuration-set of tenant acme is not associated with tenant acme's SES tenant; expected a TenantResourceAssociation of acme with the configuration set's ARN.",
      `TenantResourceAssociation acme-configuration-set-association of tenant acme uses tenant globex's resource ${arn}; expected a configuration set or identity of tenant acme.`,
    ]);
  });

  it("fails a tenant without its own configuration set", () => {
    const records = valid.filter((r) => r.name !== "acme-configuration-set");
    expect(run(check, records).messages).toEqual([
      "tenant acme has no SES configuration set of its own; expected tenant-acme.",
      "TenantResourceAssociation acme-configuration-set-association of tenant acme uses resource arn:aws:ses:eu-west-1:111111111111:configuration-set/tenant-acme, which is not tenant acme's; expected a configuration set or identity of tenant acme.",
      "EmailIdentity acme-identity-mail.acme.example of tenant acme uses configuration set tenant-acme, which is not tenant acme's; expected tenant-acme.",
      "ConfigurationSetEventDestination acme-event-destination of tenant acme uses configuration set tenant-acme, which is not tenant acme's; expected tenant-acme.",
    ]);
  });

  it("fails a tenant without its own SES tenant", () => {
    const records = valid.filter((r) => r.name !== "globex-ses-tenant" && !(r.tenant === "globex" && r.type.endsWith("TenantResourceAssociation")));
    expect(run(check, records).messages).toEqual(["tenant globex has no SES tenant of its own; expected globex."]);
  });

  it("fails a tenant without its own KMS key", () => {
    const records = valid.filter((r) => r.name !== "globex-key");
    expect(run(check, records).messages[0]).toBe("tenant globex has no KMS key of its own.");
  });

  it("is manual when a key ARN is unknown (preview of a new tenant)", () => {
    const records = change(valid, "acme-key", (r) => ({ ...r, outputs: { ...r.outputs, arn: UNKNOWN } }));
    expect(run(check, records)).toMatchObject({
      status: "manual",
      messages: ["cannot check: value at .arn is unknown until the update runs (preview); check it after deployment"],
    });
  });

  it("does not apply to a stack without tenants", () => {
    expect(run(check, valid.map((r) => ({ ...r, tenant: undefined })))).toMatchObject({ status: "not-applicable", messages: ["no tenant resources in the stack"] });
  });
});
