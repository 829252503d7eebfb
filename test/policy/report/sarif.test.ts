import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { fingerprint, writeSarif } from "../../../src/policy/report/sarif";
import { sampleReport, WRITER } from "./support";

/**
 * The official SARIF 2.1.0 schema (2.1.0-rtm.5, JSON Schema draft-04) as Microsoft's @microsoft/jest-sarif ships
 * it, loaded from node_modules; validated with the draft-04-capable ajv 6 that package depends on.
 */
function sarifValidator() {
  const pkgDir = dirname(require.resolve("@microsoft/jest-sarif/package.json"));
  const schema = JSON.parse(readFileSync(join(pkgDir, "lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
  const req = createRequire(join(pkgDir, "package.json"));
  const Ajv = req("ajv");
  const ajv = new Ajv({ schemaId: "auto", validateSchema: false, allErrors: true });
  ajv.addMetaSchema(req("ajv/lib/refs/json-schema-draft-04.json"));
  const validate = ajv.compile(schema);
  expect(schema.title).toBe("Static Analysis Results Format (SARIF) Version 2.1.0-rtm.5 JSON Schema");
  return (doc: unknown) => (validate(doc) ? [] : (validate.errors as { dataPath: string; message: string }[]).map((e) => `${e.dataPath} ${e.message}`));
}

const report = sampleReport();
const log = writeSarif(report, WRITER);
const results = log.runs[0]!.results!;

describe("src/policy/report/sarif", () => {
  it("is valid against the official SARIF 2.1.0 schema", () => {
    expect(sarifValidator()(log)).toEqual([]);
  });

  it("is valid with error results and an unsuccessful execution", () => {
    const withError = { ...report, findings: [...report.findings, { ...report.findings[0]!, status: "error" as const, message: "error: could not collect aws:sns/topic:Topic: AccessDenied" }] };
    const doc = writeSarif(withError, WRITER);
    expect([sarifValidator()(doc), doc.runs[0]!.invocations![0]!.executionSuccessful]).toEqual([[], false]);
  });

  it("the validator rejects an invalid log (the test can fail)", () => {
    expect(sarifValidator()({ version: "2.1.0", runs: [{ tool: {} }] }).length).toBeGreaterThan(0);
  });

  it("has one rule per check, with security-severity and help", () => {
    const rule = log.runs[0]!.tool.driver.rules!.find((r) => r.id === "aws-kms-key-disallow-public-principal")!;
    expect([log.runs[0]!.tool.driver.rules!.length, rule.name, rule.properties?.["security-severity"], rule.defaultConfiguration?.level]).toEqual([
      14,
      "AwsKmsKeyDisallowPublicPrincipal",
      "9.5",
      "error",
    ]);
  });

  it("reports failures, manual, suppressed and not-evaluated findings, not passes", () => {
    expect(results.map((r) => [r.ruleId, r.level, r.kind, r.suppressions?.[0]?.status ?? ""])).toEqual([
      ["aws-kms-key-disallow-public-principal", "note", "review", ""],
      ["aws-cloudwatch-log-group-configure-retention", "error", "fail", ""],
      ["aws-sns-topic-enforce-kms", "warning", "fail", ""],
      ["aws-cloudwatch-log-group-configure-retention", "error", "fail", "accepted"],
      ["aws-apigateway-domain-name-enforce-tls13", "none", "notApplicable", ""],
      ["aws-cloudfront-distribution-enforce-tls13", "none", "notApplicable", ""],
      ["aws-lb-listener-enforce-tls13", "none", "notApplicable", ""],
      ["vercel-project-environment-variable-enforce-sensitive", "none", "notApplicable", ""],
    ]);
  });

  it("points tenant findings at the tenant file and names the resource by URN", () => {
    const r = results[1]!;
    expect(r.locations?.[0]).toEqual({
      physicalLocation: { artifactLocation: { uri: "tenants/acme.yaml", uriBaseId: "%SRCROOT%" }, region: { startLine: 1 } },
      logicalLocations: [
        { name: "acme-audit-log-group", fullyQualifiedName: "urn:pulumi:dev::emailmate-ops::emailmate:tenant:Tenant$aws:cloudwatch/logGroup:LogGroup::acme-audit-log-group", kind: "resource" },
      ],
    });
  });

  it("fingerprints each finding stably", () => {
    const again = writeSarif(sampleReport(), WRITER).runs[0]!.results!;
    expect(again.map((r) => r.partialFingerprints)).toEqual(results.map((r) => r.partialFingerprints));
    expect(results[1]!.partialFingerprints).toEqual({ "emailmatePolicyFinding/v1": fingerprint(report.findings.find((f) => f.name === "acme-audit-log-group")!) });
  });

  it("keeps the most severe results within GitHub's per-run limit and says so", () => {
    const capped = writeSarif(report, WRITER, { maxResults: 1 }).runs[0]!;
    expect([capped.results!.map((r) => r.ruleId), capped.invocations?.[0]?.toolExecutionNotifications?.[0]?.message.text]).toEqual([
      ["aws-kms-key-disallow-public-principal"],
      "7 lower-severity findings were left out to stay within GitHub's limit of 1 results per run",
    ]);
  });
});
