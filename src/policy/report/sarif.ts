import { createHash } from "node:crypto";
import type { Log, ReportingDescriptor, Result } from "sarif";
import { SEVERITY_ORDER, sortFindings, type PolicyReport, type WriterContext } from "./model";
import type { Finding, Severity } from "../types";
import type { FindingLocation } from "./findingLocation";

/** GitHub code scanning shows at most this many results per run (by severity); more are dropped, so we cut first. */
export const GITHUB_MAX_RESULTS = 5_000;
/** GitHub rejects a result with more than this many locations, and a rule with more tags. */
export const GITHUB_MAX_TAGS = 20;

/** GitHub's `security-severity` scale: > 9 critical, 7–8.9 high, 4–6.9 medium, 0.1–3.9 low. */
export const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

export interface SarifOptions {
  /** Folder of tenant files, relative to the repository root: tenant findings point at `<dir>/<tenant>.yaml`. */
  readonly tenantsDir?: string;
  readonly maxResults?: number;
  /** Where a finding points (the tenant-file field that causes it; see findingLocation.ts); default line 1 of the file. */
  readonly locate?: (f: Finding) => FindingLocation | undefined;
}

const pascal = (id: string) => id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());

/** A fingerprint stable across runs for the same policy, resource and message. */
export function fingerprint(f: Finding): string {
  return createHash("sha256").update(`${f.policy}\n${f.urn}\n${f.message}`).digest("hex");
}

/**
 * SARIF 2.1.0 for GitHub code scanning and other viewers: rules with help and `security-severity`, results for
 * failures (error when mandatory, warning when advisory), manual findings (note) and suppressed failures (with an
 * accepted external suppression); `partialFingerprints` so alerts track across runs.
 */
export function writeSarif(report: PolicyReport, ctx: WriterContext, options: SarifOptions = {}): Log {
  const tenantsDir = (options.tenantsDir ?? "tenants").replace(/\/+$/, "");
  const max = options.maxResults ?? GITHUB_MAX_RESULTS;
  const checks = ctx.checks;
  const ruleIndex = new Map(checks.map((c, i) => [c.id, i]));
  const rules: ReportingDescriptor[] = checks.map((c) => ({
    id: c.id,
    name: pascal(c.id),
    shortDescription: { text: c.description },
    fullDescription: { text: c.description },
    help: {
      text: `${c.description}\n\nRemediation: ${c.remediation}`,
      markdown: `${c.description}\n\n**Remediation:** ${c.remediation}\n\nSOC 2: ${c.controls.join(", ")}${equivalents(c.equivalents)}`,
    },
    defaultConfiguration: { level: c.enforcementLevel === "advisory" ? "warning" : "error", enabled: c.enforcementLevel !== "disabled" },
    properties: {
      "security-severity": SECURITY_SEVERITY[c.severity],
      precision: "very-high",
      tags: ["security", ...c.controls.map((x) => `soc2/${x}`)].slice(0, GITHUB_MAX_TAGS),
    },
  }));
  // results that say something about a resource first (by severity); checks that tested nothing last
  const tested = sortFindings(report.findings.filter((f) => f.status !== "pass" && f.status !== "not-evaluated")).sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
  const candidates = [...tested, ...sortFindings(report.findings.filter((f) => f.status === "not-evaluated"))];
  const kept = candidates.slice(0, max);
  const results: Result[] = kept.map((f) => {
    const at = options.locate?.(f);
    const uri = at?.uri ?? (f.tenant !== undefined ? `${tenantsDir}/${f.tenant}.yaml` : (report.source.file ?? "Pulumi.yaml"));
    const region = at === undefined ? { startLine: 1 } : { startLine: at.line, startColumn: at.col };
    const result: Result = {
      ruleId: f.policy,
      ...(ruleIndex.has(f.policy) ? { ruleIndex: ruleIndex.get(f.policy)! } : {}),
      ...sarifKindLevel(f),
      message: { text: `${f.name}: ${f.message}` },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri, uriBaseId: "%SRCROOT%" }, region },
          logicalLocations: [{ name: f.name, fullyQualifiedName: f.urn, kind: "resource" }],
        },
      ],
      partialFingerprints: { "emailmatePolicyFinding/v1": fingerprint(f) },
      properties: { status: f.status, enforcement: f.enforcement, severity: f.severity, controls: [...f.controls], ...(f.tenant !== undefined ? { tenant: f.tenant } : {}), ...(at?.field !== undefined ? { tenantField: at.field } : {}) },
    };
    if (f.status === "suppressed" && f.suppression !== undefined) {
      result.suppressions = [{ kind: "external", status: "accepted", justification: `${f.suppression.reason} (until ${f.suppression.expires})` }];
    }
    return result;
  });
  const omitted = candidates.length - kept.length;
  const notes = [
    ...errorNotes(report),
    ...(omitted > 0
      ? [{ level: "warning" as const, message: { text: `${omitted} lower-severity findings were left out to stay within GitHub's limit of ${max} results per run` } }]
      : []),
  ];
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "emailmate-ops",
            semanticVersion: ctx.toolVersion,
            version: ctx.toolVersion,
            informationUri: "https://emailmate.dev/security",
            rules,
          },
        },
        automationDetails: { id: `emailmate-ops/policy/${report.source.stack ?? report.source.kind}/` },
        originalUriBaseIds: { "%SRCROOT%": { description: { text: "the repository root" } } },
        invocations: [
          {
            executionSuccessful: !report.findings.some((f) => f.status === "error"),
            ...(notes.length > 0 ? { toolExecutionNotifications: notes } : {}),
          },
        ],
        results,
        properties: { summary: { ...report.summary }, omittedResults: omitted },
      },
    ],
  };
}

/**
 * SARIF's result kinds carry the statuses: fail (error/warning by enforcement), manual → review, not-evaluated →
 * notApplicable and error → open (SARIF 2.1.0 §3.27.9: a kind other than fail takes level "none").
 */
export function sarifKindLevel(f: Finding): Pick<Result, "kind" | "level"> {
  switch (f.status) {
    case "manual":
      return { kind: "review", level: "note" };
    case "not-evaluated":
      return { kind: "notApplicable", level: "none" };
    case "error":
      return { kind: "open", level: "none" };
    default:
      return { kind: "fail", level: f.enforcement === "mandatory" ? "error" : "warning" };
  }
}

function errorNotes(report: PolicyReport): NonNullable<NonNullable<Log["runs"][number]["invocations"]>[number]["toolExecutionNotifications"]> {
  return report.findings
    .filter((f) => f.status === "error")
    .slice(0, 100)
    .map((f) => ({ level: "error" as const, message: { text: `${f.policy} on ${f.name}: ${f.message}` } }));
}

function equivalents(e: { checkov?: readonly string[]; securityHub?: readonly string[]; awsConfig?: readonly string[] }): string {
  const parts: string[] = [];
  if (e.checkov?.length) parts.push(`Checkov ${e.checkov.join(", ")}`);
  if (e.securityHub?.length) parts.push(`Security Hub ${e.securityHub.join(", ")}`);
  if (e.awsConfig?.length) parts.push(`AWS Config ${e.awsConfig.join(", ")}`);
  return parts.length > 0 ? `\n\nEquivalent: ${parts.join("; ")}` : "";
}
