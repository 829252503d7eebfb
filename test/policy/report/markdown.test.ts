import { describe, expect, it } from "vitest";
import { MAX_COMMENT_CHARS, writeMarkdown } from "../../../src/policy/report/markdown";
import type { PolicyReport } from "../../../src/policy/report/model";
import { sampleReport } from "./support";

const report = sampleReport();

describe("src/policy/report/markdown", () => {
  it("starts with the verdict and the summary table", () => {
    expect(writeMarkdown(report).split("\n").slice(0, 7)).toEqual([
      "### ❌ Policy check: FAILED: a mandatory check failed",
      "",
      "26 resources from offline plan (stack dev), 14 checks.",
      "",
      "| Pass | Fail | Error | Manual | Suppressed | Not evaluated |",
      "| ---: | ---: | ---: | ---: | ---: | ---: |",
      "| 17 | 2 | 0 | 1 | 1 | 4 |",
    ]);
  });

  it("lists failures in a table, mandatory first", () => {
    const md = writeMarkdown(report);
    const failures = md.slice(md.indexOf("#### Failures (2)"), md.indexOf("<details>"));
    expect(failures.trim().split("\n")).toEqual([
      "#### Failures (2)",
      "",
      "| Policy | Level | Resource | Tenant | Message |",
      "| --- | --- | --- | --- | --- |",
      "| `aws-cloudwatch-log-group-configure-retention` | mandatory, medium | `acme-audit-log-group` | acme | retention is never-expire (retentionInDays 0); expected at least 365 days. Keeping logs forever breaks the one-year promise and GDPR storage limitation. |",
      "| `aws-sns-topic-enforce-kms` | advisory, medium | `acme-alerts-topic` | acme | topic has no kmsMasterKeyId; expected server-side encryption with a KMS key. |",
    ]);
  });

  it("folds manual and suppressed findings", () => {
    const md = writeMarkdown(report);
    expect([md.includes("<details><summary>Manual — cannot be checked here (1)</summary>"), md.includes("<details><summary>Suppressed (1)</summary>")]).toEqual([true, true]);
  });

  it("says passed when nothing failed", () => {
    const ok: PolicyReport = { ...report, findings: report.findings.filter((f) => f.status === "pass"), summary: { ...report.summary, fail: 0, manual: 0, suppressed: 0 }, mandatoryFailed: false };
    expect(writeMarkdown(ok).split("\n")[0]).toBe("### ✅ Policy check: passed");
  });

  it("stays within GitHub's comment limit", () => {
    const fail = report.findings.find((f) => f.status === "fail")!;
    const many: PolicyReport = { ...report, findings: Array.from({ length: 2000 }, (_, i) => ({ ...fail, name: `group-${i}` })) };
    const md = writeMarkdown(many);
    expect([md.length <= MAX_COMMENT_CHARS, md.endsWith("see the SARIF/JUnit artefacts for all findings._\n")]).toEqual([true, true]);
  });
});
