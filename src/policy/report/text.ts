import { describeSource, sortFindings, summaryCounts, verdict, type PolicyReport } from "./model";

/** Terminal output: a summary line, then every finding that is not a pass. */
export function writeText(report: PolicyReport): string {
  const s = report.summary;
  const lines: string[] = [];
  for (const f of sortFindings(report.findings)) {
    if (f.status === "pass") continue;
    if (f.status === "not-evaluated") {
      lines.push(`NOT-EVALUATED ${f.policy}: ${f.message.replace(/^not evaluated: /, "")}`);
      continue;
    }
    const tag = f.status === "fail" ? `FAIL (${f.enforcement})` : f.status.toUpperCase();
    lines.push(`${tag} ${f.policy} [${f.severity}] ${f.name}${f.tenant !== undefined ? ` (tenant ${f.tenant})` : ""}`);
    lines.push(`  ${f.message}`);
    if (f.suppression !== undefined) lines.push(`  suppressed until ${f.suppression.expires}: ${f.suppression.reason}`);
    lines.push(`  ${f.urn}`);
  }
  for (const u of report.unusedSuppressions) lines.push(`note: suppression of ${u.policy} for ${u.resource} matched no failure; remove it`);
  lines.push(`${verdict(report)} — ${s.resources} resources from ${describeSource(report)}, ${s.checks} checks: ${summaryCounts(s)}`);
  return lines.join("\n");
}
