import type { PolicyReport } from "../policy/report/model";
import { describeSource, sortFindings } from "../policy/report/model";
import type { TenantInventoryRow } from "./inventory";
import type { ControlRow } from "./matrix";

export const esc = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export interface HtmlInput {
  readonly generatedAt: string;
  readonly gitCommit: string;
  readonly toolVersion: string;
  readonly report: PolicyReport;
  readonly matrix: readonly ControlRow[];
  readonly inventory: readonly TenantInventoryRow[];
}

const CSS = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;color:#1b1f24;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.meta{color:#57606a}code{font-size:12px;word-break:break-all}
.s{font-weight:600;padding:.05rem .4rem;border-radius:.3rem;white-space:nowrap}.pass{background:#dafbe1;color:#116329}.fail{background:#ffebe9;color:#a40e26}
.manual,.needs-review{background:#fff8c5;color:#7d4e00}.suppressed{background:#ddf4ff;color:#0550ae}ul{margin:.2rem 0 .2rem 1.2rem;padding:0}
@media print{body{margin:0;max-width:none}}`;

const badge = (s: string) => `<span class="s ${esc(s)}">${esc(s)}</span>`;

/** A single self-contained HTML page (inline CSS, no scripts, no external resources) an auditor can open offline. */
export function renderHtml(input: HtmlInput): string {
  const { report, matrix, inventory } = input;
  const s = report.summary;
  const controls = matrix
    .map(
      (c) => `<tr><td><strong>${esc(c.control)}</strong><br>${esc(c.title)}</td><td>${badge(c.status)}</td><td>${
        c.automated.length === 0
          ? "<em>no automated check</em>"
          : `<ul>${c.automated.map((a) => `<li><code>${esc(a.policy)}</code>: ${a.pass} pass, ${a.fail} fail, ${a.manual} manual, ${a.suppressed} suppressed</li>`).join("")}</ul>`
      }</td><td><ul>${c.attached.map((f) => `<li>attached: <code>${esc(f)}</code></li>`).join("")}${c.manualEvidence.map((m) => `<li>${esc(m)}</li>`).join("")}</ul></td></tr>`,
    )
    .join("\n");
  const tenants = inventory
    .map(
      (t) =>
        `<tr><td>${esc(t.tenant)}</td><td>${esc(t.name)}</td><td>${esc(t.plan)}</td><td>${esc(t.region)}</td><td>${esc(t.domains.join(", "))}</td><td><code>${esc(t.configurationSet)}</code></td><td><code>${esc(t.kmsAlias)}</code></td><td>${esc(t.retentionDays)}</td><td>${t.resources}</td><td>${t.fail === 0 ? badge("pass") : badge("fail")}</td></tr>`,
    )
    .join("\n");
  const notPass = sortFindings(report.findings).filter((f) => f.status !== "pass");
  const findings =
    notPass.length === 0
      ? "<p>Every automated check passed on every resource.</p>"
      : `<table><tr><th>Status</th><th>Policy</th><th>Resource</th><th>Tenant</th><th>Message</th></tr>${notPass
          .map(
            (f) =>
              `<tr><td>${badge(f.status)}<br>${esc(f.enforcement)}, ${esc(f.severity)}</td><td><code>${esc(f.policy)}</code></td><td><code>${esc(f.urn)}</code></td><td>${esc(f.tenant ?? "")}</td><td>${esc(f.message)}${
                f.suppression ? `<br><em>suppressed until ${esc(f.suppression.expires)}: ${esc(f.suppression.reason)}</em>` : ""
              }</td></tr>`,
          )
          .join("\n")}</table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>EmailMate SOC 2 evidence — ${esc(input.generatedAt)}</title><style>${CSS}</style></head>
<body>
<h1>EmailMate SOC 2 evidence</h1>
<p class="meta">Generated ${esc(input.generatedAt)} by emailmate-ops ${esc(input.toolVersion)} · git commit <code>${esc(input.gitCommit)}</code> · source: ${esc(describeSource(report))}</p>
<p>${s.resources} resources, ${s.checks} automated checks: ${badge("pass")} ${s.pass} · ${badge("fail")} ${s.fail} · ${badge("manual")} ${s.manual} · ${badge("suppressed")} ${s.suppressed}. ${
    report.mandatoryFailed ? "<strong>A mandatory check failed.</strong>" : "No mandatory check failed."
  }</p>
<h2>Control matrix</h2>
<table><tr><th>Control</th><th>Status</th><th>Automated checks</th><th>Evidence to collect by hand</th></tr>
${controls}
</table>
<h2>Tenant inventory</h2>
<table><tr><th>Tenant</th><th>Name</th><th>Plan</th><th>Region</th><th>Domains</th><th>Configuration set</th><th>KMS key</th><th>Retention (days)</th><th>Resources</th><th>Checks</th></tr>
${tenants}
</table>
<h2>Findings needing attention</h2>
${findings}
<p class="meta">Every file of this bundle is listed with its SHA-256 in manifest.json. Full results: findings.csv, policy-report.json, policy.sarif.</p>
</body></html>
`;
}
