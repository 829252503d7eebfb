import { describe, expect, it } from "vitest";
import { missingTag as check } from "../../../../../src/policy/checks/emailmate/tenant/missingTag";
import { change, setProp, tenantRecords } from "../../../fixtures";
import { run } from "../../../support";

const valid = tenantRecords("acme");

describe("src/policy/checks/emailmate/tenant/missingTag", () => {
  it("passes when every taggable tenant resource is tagged", () => {
    expect(run(check, valid)).toMatchObject({ status: "pass", messages: [] });
  });

  it("fails a resource without the tenant tag", () => {
    const out = run(check, change(valid, "acme-key", (r) => setProp(r, "tags", { "managed-by": "emailmate-ops" })));
    expect(out.messages).toEqual(['resource has no "tenant" tag; expected tenant: acme.']);
    expect(out.evaluation.findings.find((f) => f.status === "fail")?.urn).toBe("urn:pulumi:dev::emailmate-ops::emailmate:tenant:Tenant$aws:kms/key:Key::acme-key");
  });

  it("fails a resource without any tags", () => {
    expect(run(check, change(valid, "acme-alerts-topic", (r) => setProp(r, "tags", undefined))).messages).toEqual(['resource has no "tenant" tag; expected tenant: acme.']);
  });

  it("fails a resource tagged with another tenant", () => {
    expect(run(check, change(valid, "acme-audit-log-group", (r) => setProp(r, "tags", { tenant: "globex" }))).messages).toEqual(['"tenant" tag is "globex"; expected "acme".']);
  });

  it("ignores types that take no tags (aliases, associations)", () => {
    expect(run(check, change(valid, "acme-key-alias", (r) => setProp(r, "tags", undefined))).status).toBe("pass");
  });
});
