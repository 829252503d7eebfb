import { describe, expect, it } from "vitest";
import { sortFindings } from "../../../src/policy/report/model";
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
});
