import { describe, expect, it } from "vitest";
import { parseReference, ReferenceError, resolveValue, tenantPathProblem, type Scope } from "../../src/incident/interpolate";

const scope: Scope = {
  params: { tenant: "acme", count: 3, tenants: ["acme", "initech"] },
  steps: { look: { keyId: "1234abcd-12ab-34cd-56ef-1234567890ab" } },
  incident: { id: "INC-20261129-001", title: "t", runbook: "r", severity: "SEV1", owner: "alice", awareAt: "2026-11-29T08:00:00.000Z", openedAt: "2026-11-29T08:05:00.000Z" },
  tenant: { id: "acme", contacts: { security: "security@acme.example" }, names: { kmsAlias: "alias/emailmate/tenant/acme" } },
};

describe("src/incident/interpolate", () => {
  it("parses the four kinds of reference", () => {
    expect(["params.tenant", " steps.look.outputs.keyId ", "incident.awareAt", "tenant.contacts.security"].map(parseReference)).toEqual([
      { root: "params", name: "tenant" },
      { root: "steps", step: "look", output: "keyId" },
      { root: "incident", field: "awareAt" },
      { root: "tenant", path: ["contacts", "security"] },
    ]);
  });

  it("rejects an unknown root with the roots it knows", () => {
    expect(parseReference("env.HOME")).toEqual({ error: 'unknown reference root "env" in "{{ env.HOME }}"; expected params, steps, incident or tenant' });
  });

  it("keeps the type of a value that is exactly one reference", () => {
    expect(resolveValue({ n: "{{ params.count }}", list: "{{ params.tenants }}" }, scope, [])).toEqual({ n: 3, list: ["acme", "initech"] });
  });

  it("renders references inside text", () => {
    expect(resolveValue("Tell {{ tenant.contacts.security }} about {{ incident.id }} ({{ params.tenants }})", scope, [])).toBe(
      "Tell security@acme.example about INC-20261129-001 (acme, initech)",
    );
  });

  it("throws a ReferenceError with the field path for a value that is missing", () => {
    try {
      resolveValue({ inputs: { to: "{{ tenant.contacts.dpo }}" } }, scope, ["phases", "notify", 0]);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ReferenceError);
      expect([(err as ReferenceError).path, (err as ReferenceError).message]).toEqual([["phases", "notify", 0, "inputs", "to"], "{{ tenant.contacts.dpo }}: the tenant has no tenant.contacts.dpo"]);
    }
  });

  it("leaves references to other roots as written when asked to resolve only some", () => {
    expect(resolveValue("{{ steps.later.outputs.x }} for {{ params.tenant }}", scope, [], new Set(["params"]))).toBe("{{ steps.later.outputs.x }} for acme");
  });

  it("knows the tenant's fields and derived names", () => {
    expect([tenantPathProblem(["contacts", "dpo"]), tenantPathProblem(["names", "configurationSet"]), tenantPathProblem(["names", "bucket"])]).toEqual([
      undefined,
      undefined,
      "expected tenant.names.<one of configurationSet, sesTenant, kmsAlias, auditLogGroup>",
    ]);
  });
});
