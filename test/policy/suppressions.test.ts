import { describe, expect, it } from "vitest";
import { applySuppressions, globToRegExp, parseSuppressions } from "../../src/policy/suppressions";
import type { Finding } from "../../src/policy/types";
import { CLOCK } from "./support";

const bytes = (s: string) => new TextEncoder().encode(s);
const known = new Set(["aws-cloudwatch-log-group-configure-retention"]);
const entry = (over: string) => `suppressions:
  - policy: aws-cloudwatch-log-group-configure-retention
    resource: "urn:pulumi:dev::emailmate-ops::*::acme-*"
    reason: "Accepted by security@emailmate.dev until the export lands (SEC-42)"
    expires: 2027-03-31
${over}`;
const fail: Finding = {
  policy: "aws-cloudwatch-log-group-configure-retention",
  status: "fail",
  enforcement: "mandatory",
  severity: "medium",
  urn: "urn:pulumi:dev::emailmate-ops::emailmate:tenant:Tenant$aws:cloudwatch/logGroup:LogGroup::acme-audit-log-group",
  type: "aws:cloudwatch/logGroup:LogGroup",
  name: "acme-audit-log-group",
  tenant: "acme",
  message: "retention is 180 days; expected at least 365 days.",
  controls: ["CC7.2"],
};

describe("src/policy/suppressions", () => {
  it("parses a valid file", () => {
    const r = parseSuppressions("policies/suppressions.yaml", bytes(entry("")), CLOCK, known);
    expect(r).toEqual({
      ok: true,
      suppressions: [{ policy: fail.policy, resource: "urn:pulumi:dev::emailmate-ops::*::acme-*", reason: "Accepted by security@emailmate.dev until the export lands (SEC-42)", expires: "2027-03-31" }],
    });
  });

  it("rejects an expired suppression, located at its date", () => {
    const r = parseSuppressions("s.yaml", bytes(entry("").replace("2027-03-31", "2026-11-28")), CLOCK, known);
    expect(r).toEqual({
      ok: false,
      diagnostics: [{ file: "s.yaml", line: 5, col: 14, code: "E_VALUE", path: "suppressions.0.expires", message: "suppression expired on 2026-11-28 (today is 2026-11-29); fix the failure or renew the suppression with a new reason" }],
    });
  });

  it("rejects a suppression without a reason, located at the entry", () => {
    const text = `suppressions:\n  - policy: aws-cloudwatch-log-group-configure-retention\n    resource: "*"\n    expires: 2027-01-31\n`;
    const r = parseSuppressions("s.yaml", bytes(text), CLOCK, known);
    expect(r.ok ? [] : r.diagnostics.map((d) => [d.line, d.col, d.code, d.path, d.message])).toEqual([
      [2, 5, "E_REQUIRED", "suppressions.0", 'missing required key "reason" (why the failure is accepted, and who accepted it)'],
    ]);
  });

  it("rejects a one-word reason", () => {
    const r = parseSuppressions("s.yaml", bytes(entry("").replace(/reason: .*/, "reason: ok")), CLOCK, known);
    expect(r.ok ? [] : r.diagnostics.map((d) => [d.line, d.path, d.message])).toEqual([
      [4, "suppressions.0.reason", "expected a reason of at least 10 characters: why the failure is accepted, and who accepted it"],
    ]);
  });

  it("rejects an expiry more than a year ahead, and an unknown policy", () => {
    const r = parseSuppressions("s.yaml", bytes(entry("").replace("2027-03-31", "2028-01-01").replace("policy: aws-cloudwatch-log-group-configure-retention", "policy: aws-made-up-policy")), CLOCK, known);
    expect(r.ok ? [] : r.diagnostics.map((d) => [d.line, d.code, d.message])).toEqual([
      [5, "E_VALUE", "expected an expiry at most 366 days ahead (by 2027-11-30), got 2028-01-01"],
      [2, "E_REFERENCE", 'unknown policy "aws-made-up-policy"; expected the id of a check in the pack'],
    ]);
  });

  it("rejects a date that is not on the calendar (February 30)", () => {
    const r = parseSuppressions("s.yaml", bytes(entry("").replace("2027-03-31", "2027-02-30")), CLOCK, known);
    expect(r.ok ? [] : r.diagnostics.map((d) => [d.line, d.col, d.code, d.path, d.message])).toEqual([
      [5, 14, "E_VALUE", "suppressions.0.expires", 'expected a real calendar date, got the string "2027-02-30"'],
    ]);
  });

  it("reports a malformed date once", () => {
    const r = parseSuppressions("s.yaml", bytes(entry("").replace("2027-03-31", "not-a-date")), CLOCK, known);
    expect(r.ok ? [] : r.diagnostics.map((d) => [d.line, d.path, d.message])).toEqual([
      [5, "suppressions.0.expires", 'expected an expiry date YYYY-MM-DD, got the string "not-a-date"'],
    ]);
  });

  it("rejects unknown keys with a suggestion", () => {
    const r = parseSuppressions("s.yaml", bytes(entry("    expire: 2027-01-01\n")), CLOCK, known);
    expect(r.ok ? [] : r.diagnostics.map((d) => [d.line, d.col, d.code, d.message])).toEqual([[6, 5, "E_UNKNOWN_KEY", 'unknown key "expire"; did you mean "expires"?']]);
  });

  it("marks a matching failure suppressed, with the entry, and keeps it in the findings", () => {
    const s = { policy: fail.policy, resource: "urn:pulumi:dev::emailmate-ops::*::acme-*", reason: "accepted for the migration", expires: "2027-03-31" };
    const { findings, unused } = applySuppressions([fail], [s], CLOCK);
    expect(findings).toEqual([{ ...fail, status: "suppressed", suppression: { reason: "accepted for the migration", expires: "2027-03-31", resource: s.resource } }]);
    expect(unused).toEqual([]);
  });

  it("leaves other policies' failures and reports unused entries", () => {
    const s = { policy: "aws-sns-topic-enforce-kms", resource: "*", reason: "accepted for the migration", expires: "2027-03-31" };
    expect(applySuppressions([fail], [s], CLOCK)).toEqual({ findings: [fail], unused: [s] });
  });

  it("matches globs over whole URNs, * across :: and $", () => {
    const re = globToRegExp("urn:pulumi:dev::*::acme-?ey");
    expect([re.test("urn:pulumi:dev::p::a$b::acme-key"), re.test("urn:pulumi:prod::p::acme-key"), globToRegExp("a.b").test("axb")]).toEqual([true, false, false]);
  });
});
