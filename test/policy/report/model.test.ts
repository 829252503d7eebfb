import { describe, expect, it } from "vitest";
import { SEVERITY_ORDER, sortFindings, STATUS_ORDER } from "../../../src/policy/report/model";
import type { Finding } from "../../../src/policy/types";
import { sampleReport } from "./support";

describe("src/policy/report/model sortFindings", () => {
  it("lists failures first, then by enforcement, severity, policy and URN", () => {
    const findings = sampleReport().findings;
    const sorted = sortFindings(findings);
    const rank = { fail: 0, error: 1, manual: 2, suppressed: 3, "not-evaluated": 4, pass: 5 } as const;
    for (let i = 1; i < sorted.length; i++) expect(rank[sorted[i - 1]!.status]).toBeLessThanOrEqual(rank[sorted[i]!.status]);
    expect(sorted).toHaveLength(findings.length);
    expect(new Set(sorted)).toEqual(new Set(findings));
  });

  it("gives each caller its own array, so a caller that re-sorts or changes it does not change what the next one gets", () => {
    const findings = sampleReport().findings;
    const first = sortFindings(findings);
    const expected = [...first];
    first.reverse();
    first.pop();
    expect(sortFindings(findings)).toEqual(expected);
    expect(sortFindings(findings)).not.toBe(sortFindings(findings));
  });

  it("sorts again when the array it is given has grown", () => {
    const findings = [...sampleReport().findings];
    const before = sortFindings(findings);
    const failing = { ...findings.find((f) => f.status === "pass")!, status: "fail" as const, urn: "urn:zzz" };
    findings.push(failing);
    const after = sortFindings(findings);
    expect(after).toHaveLength(before.length + 1);
    expect(after.indexOf(failing)).toBeLessThan(after.findIndex((f) => f.status === "pass"));
  });

  it("orders as the rule says on many mixed findings: status, mandatory first, severity, policy (a prefix first), URN", () => {
    let seed = 7;
    const pick = <T>(xs: readonly T[]): T => xs[(seed = (seed * 1103515245 + 12345) % 2147483648) % xs.length]!;
    const statuses = Object.keys(STATUS_ORDER) as Finding["status"][];
    const severities = Object.keys(SEVERITY_ORDER) as Finding["severity"][];
    const base = sampleReport().findings[0]!;
    const findings: Finding[] = Array.from({ length: 2000 }, () => ({
      ...base,
      status: pick(statuses),
      enforcement: pick(["mandatory", "advisory"] as const),
      severity: pick(severities),
      policy: pick(["aws-kms", "aws-kms-key", "aws-sns", "emailmate-tenant", "vercel"]),
      urn: pick(["urn:a", "urn:a::b", "urn:b", "urn:pulumi:dev::p::aws:kms/key:Key::acme-key", "urn:pulumi:dev::p::aws:kms/key:Key::acme"]),
    }));
    const c = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const reference = [...findings].sort(
      (a, b) =>
        STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
        (a.enforcement === b.enforcement ? 0 : a.enforcement === "mandatory" ? -1 : 1) ||
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        c(a.policy, b.policy) ||
        c(a.urn, b.urn),
    );
    const key = (f: Finding) => [f.status, f.enforcement, f.severity, f.policy, f.urn].join("|");
    expect(sortFindings(findings).map(key)).toEqual(reference.map(key));
  });
});
