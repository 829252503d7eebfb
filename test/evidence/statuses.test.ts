/** The same statuses in every format: evaluation, control matrix, HTML, CSV, JUnit, SARIF, text, JSON, Markdown. */
import { describe, expect, it } from "vitest";
import { buildEvidence, renderEvidence } from "../../src/evidence/bundle";
import { ALL_CHECKS } from "../../src/policy/checks";
import { evaluate } from "../../src/policy/engine/evaluate";
import { writeJson } from "../../src/policy/report/json";
import { writeJunit } from "../../src/policy/report/junit";
import { writeMarkdown } from "../../src/policy/report/markdown";
import { toReport } from "../../src/policy/report/model";
import { writeSarif } from "../../src/policy/report/sarif";
import { writeText } from "../../src/policy/report/text";
import { fromPlan } from "../../src/policy/sources/plan";
import { change, setProp, tenantRecords, vercelRecords } from "../policy/fixtures";
import { CLOCK } from "../policy/support";
import { PROVENANCE as provenance } from "./support";

const WRITER = { checks: ALL_CHECKS, toolVersion: "0.1.0" };

/** acme's audit log group keeps logs 30 days (fail); SNS could not be collected (error); rotation is disabled by config. */
function mixed() {
  const records = [...change(tenantRecords("acme"), "acme-audit-log-group", (r) => setProp(r, "retentionInDays", 30)), ...vercelRecords()];
  const evaluation = evaluate(records, {
    clock: CLOCK,
    config: { "aws-kms-key-enable-key-rotation": "disabled" },
    collectionErrors: [{ resourceType: "aws:sns/topic:Topic", message: "AccessDenied: sns:ListTopics" }],
  });
  return { records, report: toReport(fromPlan({ stack: "dev", tenants: ["acme"], resources: records }), evaluation) };
}

/** A stack export with no resources at all. */
function empty() {
  return toReport({ kind: "stack-export", file: "empty.json", records: [] }, evaluate([], { clock: CLOCK }));
}

const bundleOf = (report: ReturnType<typeof empty>, records: Parameters<typeof buildEvidence>[0]["records"] = []) => {
  const evidence = buildEvidence({ report, records, checks: ALL_CHECKS, provenance });
  const files = Object.fromEntries(renderEvidence(evidence).map((f) => [f.path, f.content]));
  return { matrix: evidence.matrix, files };
};

describe("statuses across every format (mixed: pass, fail, error, not-evaluated)", () => {
  const { records, report } = mixed();
  const { matrix, files } = bundleOf(report, records);

  it("evaluates to the four statuses, never pass for what was not tested", () => {
    const by = (policy: string) => report.findings.filter((f) => f.policy === policy).map((f) => f.status);
    expect([by("aws-sns-topic-enforce-kms"), by("aws-kms-key-enable-key-rotation"), by("aws-cloudwatch-log-group-configure-retention"), by("vercel-project-enforce-hsts")]).toEqual([
      ["pass", "error"],
      ["not-evaluated"],
      ["fail", "pass"],
      ["pass"],
    ]);
    expect(by("emailmate-tenant-enforce-isolation")).toEqual(["error"]);
    expect([report.summary.error, report.summary.disabled, report.mandatoryFailed]).toEqual([3, 1, true]);
  });

  it("control matrix: fail over error over the rest, with reasons", () => {
    expect(matrix.filter((c) => c.automated.length > 0).map((c) => [c.control, c.status])).toEqual([
      ["CC6.1", "error"],
      ["CC6.7", "pass"],
      ["CC7.2", "fail"],
      ["CC7.3", "fail"],
    ]);
    expect(matrix[0]!.reasons).toContain("aws-sns-topic-enforce-kms: error: could not collect aws:sns/topic:Topic: AccessDenied: sns:ListTopics");
    expect(matrix[0]!.reasons).toContain("aws-kms-key-enable-key-rotation: not evaluated: the check is disabled by policy config (enforcementLevel: disabled); not tested");
    expect(JSON.parse(files["control-matrix.json"]!).map((c: { status: string }) => c.status)).toEqual(matrix.map((c) => c.status));
    expect(files["control-matrix.csv"]!.split("\n")[1]!.startsWith("CC6.1,Logical access security and encryption of assets,error,")).toBe(true);
  });

  it("findings.csv", () => {
    const statuses = files["findings.csv"]!.trimEnd().split("\n").slice(1).map((l) => l.split(",")[1]);
    expect([...new Set(statuses)].sort()).toEqual(["error", "fail", "not-evaluated", "pass"]);
  });

  it("HTML", () => {
    const html = files["report.html"]!;
    expect(["error", "not-evaluated", "fail", "pass"].map((s) => html.includes(`<span class="s ${s}">${s}</span>`))).toEqual([true, true, true, true]);
    expect(html).toContain("<strong>FAILED: a mandatory check failed.</strong>");
  });

  it("JUnit: <error> and <skipped>", () => {
    const xml = writeJunit(report, WRITER);
    expect(xml).toContain('<error message="error: could not collect aws:sns/topic:Topic: AccessDenied: sns:ListTopics" type="error">');
    expect(xml).toContain('<skipped message="not evaluated: the check is disabled by policy config (enforcementLevel: disabled); not tested"/>');
    expect(xml.split("\n")[1]).toMatch(/ errors="3" /);
    expect(files["policy-junit.xml"]).toBe(xml);
  });

  it("SARIF: open and notApplicable results, an unsuccessful execution with the error", () => {
    const run = writeSarif(report, WRITER).runs[0]!;
    const kinds = (policy: string) => run.results!.filter((r) => r.ruleId === policy).map((r) => [r.kind, r.level]);
    expect([kinds("aws-sns-topic-enforce-kms"), kinds("aws-kms-key-enable-key-rotation")]).toEqual([[["open", "none"]], [["notApplicable", "none"]]]);
    expect([run.invocations![0]!.executionSuccessful, run.invocations![0]!.toolExecutionNotifications![0]!.message.text]).toEqual([
      false,
      "aws-sns-topic-enforce-kms on emailmate-ops-dev: error: could not collect aws:sns/topic:Topic: AccessDenied: sns:ListTopics",
    ]);
  });

  it("text, JSON and Markdown", () => {
    const text = writeText(report);
    expect(text).toContain("ERROR aws-sns-topic-enforce-kms [medium] emailmate-ops-dev\n  error: could not collect aws:sns/topic:Topic: AccessDenied: sns:ListTopics");
    expect(text).toContain("NOT-EVALUATED aws-kms-key-enable-key-rotation: the check is disabled by policy config (enforcementLevel: disabled); not tested");
    expect(text.split("\n").pop()).toMatch(/, 3 error, 5 not evaluated \(1 disabled by config\)$/);
    const json = JSON.parse(writeJson(report));
    expect([...new Set(json.findings.map((f: { status: string }) => f.status))].sort()).toEqual(["error", "fail", "not-evaluated", "pass"]);
    expect(JSON.parse(files["policy-report.json"]!).summary).toEqual(report.summary);
    const md = writeMarkdown(report);
    expect([md.includes("#### Errors — could not be checked (3)"), md.includes("<details><summary>Not evaluated — nothing tested (5)</summary>")]).toEqual([true, true]);
  });
});

describe("statuses across every format (an empty stack export)", () => {
  const report = empty();
  const { matrix, files } = bundleOf(report);

  it("no control passes: automated controls are not-evaluated, the others manual", () => {
    expect(matrix.map((c) => [c.control, c.status])).toEqual([
      ["CC6.1", "not-evaluated"],
      ["CC6.7", "not-evaluated"],
      ["CC7.2", "not-evaluated"],
      ["CC7.3", "not-evaluated"],
      ["CC7.4", "manual"],
      ["CC7.5", "manual"],
      ["CC8.1", "manual"],
      ["CC9.2", "manual"],
    ]);
    expect(matrix[0]!.reasons[0]).toBe("aws-cloudwatch-log-group-enforce-kms: not evaluated: the input is empty (no resources)");
  });

  it("every check is one not-evaluated finding in every format", () => {
    expect(report.findings.map((f) => f.status)).toEqual(ALL_CHECKS.map(() => "not-evaluated"));
    expect(files["findings.csv"]!.trimEnd().split("\n").slice(1).every((l) => l.split(",")[1] === "not-evaluated")).toBe(true);
    expect(writeJunit(report, WRITER).split("\n")[1]).toBe('<testsuites name="emailmate-ops policy check" tests="14" failures="0" errors="0" skipped="14" time="0">');
    expect(writeSarif(report, WRITER).runs[0]!.results!.map((r) => r.kind)).toEqual(ALL_CHECKS.map(() => "notApplicable"));
    expect(writeText(report).split("\n").pop()).toBe("NOTHING EVALUATED: no check tested any resource — 0 resources from stack export empty.json, 14 checks: 0 pass, 0 fail, 0 manual, 0 suppressed, 14 not evaluated");
    expect(writeMarkdown(report).split("\n")[0]).toBe("### ⚠️ Policy check: NOTHING EVALUATED: no check tested any resource");
    expect(files["report.html"]).toContain("<strong>NOTHING EVALUATED: no check tested any resource.</strong>");
    expect(files["report.html"]).not.toContain('<span class="s pass">pass</span>');
  });
});
