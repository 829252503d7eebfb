import { describeSource, sortFindings, type PolicyReport } from "./model";

/** Terminal output: a summary line, then every finding that is not a pass. */
export function writeText(report: PolicyReport): string {
  const s = report.summary;
  const lines: string[] = [];
  for (const f of sortFindings(report.findings)) {
    if (f.status === "pass") continue;
    const tag = f.status === "fail" ? `FAIL (${f.enforcement})` : f.status.toUpperCase();
    lines.push(`${tag} ${f.policy} [${f.severity}] ${f.name}${f.tenant !== undefined ? ` (tenant ${f.tenant})` : ""}`);
    lines.push(`  ${f.message}`);
    if (f.suppression !== undefined) lines.push(`  suppressed until ${f.suppression.expires}: ${f.suppression.reason}`);
    lines.push(`  ${f.urn}`);
  }
  for (const u of report.unusedSuppressions) lines.push(`note: suppression of ${u.policy} for ${u.resource} matched no failure; remove it`);
  const verdict = report.mandatoryFailed ? "FAILED: a mandatory check failed" : s.fail > 0 ? "passed with advisory failures" : "passed";
  lines.push(
    `${verdict} — ${s.resources} resources from ${describeSource(report)}, ${s.checks} checks: ${s.pass} pass, ${s.fail} fail, ${s.manual} manual, ${s.suppressed} suppressed${s.error > 0 ? `, ${s.error} error` : ""}`,
  );
  return lines.join("\n");
}
