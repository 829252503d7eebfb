import { describeSource, sortFindings, summaryCounts, verdict, type PolicyReport } from "./model";

/** Findings shown in full per check and status before the rest are counted on one line. */
export const TEXT_FINDINGS_PER_GROUP = 10;

/**
 * Terminal output: a summary line, then the findings that are not a pass — in full up to TEXT_FINDINGS_PER_GROUP
 * per check and status, then one line with the count and the first few tenants (JSON, SARIF and JUnit list all).
 */
export function writeText(report: PolicyReport): string {
  const s = report.summary;
  const lines: string[] = [];
  const shown = new Map<string, number>();
  const hidden = new Map<string, { status: string; policy: string; count: number; tenants: Set<string> }>();
  for (const f of sortFindings(report.findings)) {
    if (f.status === "pass") continue;
    if (f.status === "not-evaluated") {
      lines.push(`NOT-EVALUATED ${f.policy}: ${f.message.replace(/^not evaluated: /, "")}`);
      continue;
    }
    const group = `${f.status}\0${f.policy}`;
    const n = (shown.get(group) ?? 0) + 1;
    shown.set(group, n);
    if (n > TEXT_FINDINGS_PER_GROUP) {
      const h = hidden.get(group) ?? { status: f.status, policy: f.policy, count: 0, tenants: new Set<string>() };
      h.count++;
      if (f.tenant !== undefined) h.tenants.add(f.tenant);
      hidden.set(group, h);
      continue;
    }
    const tag = f.status === "fail" ? `FAIL (${f.enforcement})` : f.status.toUpperCase();
    lines.push(`${tag} ${f.policy} [${f.severity}] ${f.name}${f.tenant !== undefined ? ` (tenant ${f.tenant})` : ""}`);
    lines.push(`  ${f.message}`);
    if (f.suppression !== undefined) lines.push(`  suppressed until ${f.suppression.expires}: ${f.suppression.reason}`);
    lines.push(`  ${f.urn}`);
  }
  for (const h of hidden.values()) {
    const tenants = [...h.tenants];
    const few = tenants.length > 5 ? `${tenants.slice(0, 5).join(", ")} and ${tenants.length - 5} more` : tenants.join(", ");
    lines.push(`… and ${h.count} more ${h.status.toUpperCase()} of ${h.policy}${tenants.length > 0 ? ` (tenants ${few})` : ""}; all of them: --format json`);
  }
  for (const u of report.unusedSuppressions) lines.push(`note: suppression of ${u.policy} for ${u.resource} matched no failure; remove it`);
  lines.push(`${verdict(report)} — ${s.resources} resources from ${describeSource(report)}, ${s.checks} checks: ${summaryCounts(s)}`);
  return lines.join("\n");
}
