import { describe, expect, it } from "vitest";
import { writeJson } from "../../../src/policy/report/json";
import { writeText } from "../../../src/policy/report/text";
import { sampleReport } from "./support";

const report = sampleReport();

describe("src/policy/report/text", () => {
  it("ends with the verdict and the counts", () => {
    expect(writeText(report).split("\n").pop()).toBe(
      "FAILED: a mandatory check failed — 26 resources from offline plan (stack dev), 14 checks: 17 pass, 2 fail, 1 manual, 1 suppressed, 4 not evaluated",
    );
  });

  it("shows a suppressed finding with its reason", () => {
    expect(writeText(report)).toContain("SUPPRESSED aws-cloudwatch-log-group-configure-retention [medium] globex-audit-log-group (tenant globex)\n  retention is 30 days; expected at least 365 days.\n  suppressed until 2027-01-31: 30 days agreed with Globex <legal> & DPO");
  });
});

describe("src/policy/report/json", () => {
  it("has source, summary and findings in the documented shape", () => {
    const doc = JSON.parse(writeJson(report));
    expect([Object.keys(doc), doc.source, doc.summary, Object.keys(doc.findings[0])]).toEqual([
      ["source", "summary", "findings", "notApplicable", "unusedSuppressions"],
      { kind: "plan", stack: "dev" },
      { resources: 26, checks: 14, pass: 17, fail: 2, manual: 1, suppressed: 1, notEvaluated: 4, error: 0, disabled: 0 },
      ["policy", "status", "enforcement", "severity", "urn", "type", "name", "tenant", "message", "controls"],
    ]);
  });
});

describe("src/policy/report/text at scale", () => {
  it("shows ten findings per check and status in full, then counts the rest with the first few tenants", () => {
    const one = report.findings.find((f) => f.status === "fail" && f.enforcement === "mandatory")!;
    const many = Array.from({ length: 25 }, (_, i) => ({ ...one, name: `t${String(i).padStart(2, "0")}-audit-log-group`, tenant: `t${String(i).padStart(2, "0")}`, urn: `${one.urn}-${String(i).padStart(2, "0")}` }));
    const text = writeText({ ...report, findings: many });
    expect(text.split("\n").filter((l) => l.startsWith("FAIL (mandatory)"))).toHaveLength(10);
    expect(text).toContain(`\n… and 15 more FAIL of ${one.policy} (tenants t10, t11, t12, t13, t14 and 10 more); all of them: --format json\n`);
  });
});
