import type { PolicyReport } from "../policy/report/model";
import { describeSource, sortFindings, summaryCounts, verdict } from "../policy/report/model";
import type { Provenance } from "./manifest";
import type { TenantInventoryRow } from "./inventory";
import type { ControlRow } from "./matrix";
import type { ClaimsReport } from "../claims";

export const esc = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export interface HtmlInput {
  readonly provenance: Provenance;
  readonly report: PolicyReport;
  readonly matrix: readonly ControlRow[];
  readonly inventory: readonly TenantInventoryRow[];
  readonly claims?: ClaimsReport;
}

const CSS = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;color:#1b1f24;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.meta{color:#57606a}code{font-size:12px;word-break:break-all}
.s{font-weight:600;padding:.05rem .4rem;border-radius:.3rem;white-space:nowrap}.pass,.verified{background:#dafbe1;color:#116329}.fail,.failed{background:#ffebe9;color:#a40e26}
.manual,.needs-review,.unverified{background:#fff8c5;color:#7d4e00}.not-evaluated{background:#eaeef2;color:#424a53}.error{background:#ffebe9;color:#6e011a;outline:1px dashed #a40e26}
.sign td{height:2.2rem}.suppressed{background:#ddf4ff;color:#0550ae}ul{margin:.2rem 0 .2rem 1.2rem;padding:0}
@media print{body{margin:0;max-width:none}}`;

const badge = (s: string) => `<span class="s ${esc(s)}">${esc(s)}</span>`;
const list = (items: readonly string[]) => (items.length === 0 ? "" : `<ul>${items.map((i) => `<li>${i}</li>`).join("")}</ul>`);

/**
 * A single self-contained HTML page (inline CSS, no scripts, no external resources) an auditor can open offline, in
 * chunks (the tenant and findings tables run to 10,000s of rows): provenance, control matrix, tenants, findings that
 * need attention, and a sign-off block.
 */
export function* htmlChunks(input: HtmlInput): Generator<string> {
  const { report, matrix, inventory, provenance: p } = input;
  const s = report.summary;
  const dirty = p.git.dirty === true ? ` <strong>with uncommitted changes</strong>${p.git.changes !== undefined ? ` (${esc(p.git.changes.slice(0, 10).join(", "))}${p.git.changes.length > 10 ? ", …" : ""})` : ""}` : p.git.dirty === "unknown" ? " (working-tree state unknown)" : " (clean working tree)";
  yield `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>EmailMate SOC 2 evidence — ${esc(p.generatedAt)}</title><style>${CSS}</style></head>
<body>
<h1>EmailMate SOC 2 evidence</h1>
<p class="meta">Generated ${esc(p.generatedAt)} by ${esc(p.generatedBy.operator)} on ${esc(p.generatedBy.host)} with emailmate-ops ${esc(p.toolVersion)} · git commit <code>${esc(p.git.commit)}</code>${dirty} · source: ${esc(describeSource(report))}</p>
<p><strong>${esc(verdict(report))}.</strong> ${s.resources} resources, ${s.checks} automated checks enabled${s.disabled > 0 ? ` (${s.disabled} disabled by config: not tested)` : ""}: ${esc(summaryCounts(s))}.</p>
<h2>Provenance</h2>
<table>
<tr><th>Period covered</th><td>${p.period.kind === "point-in-time" ? `a point in time: ${esc(p.period.from)}` : `${esc(p.period.from)} to ${esc(p.period.to)}`}</td></tr>
<tr><th>Inputs</th><td>${p.inputs.length === 0 ? "<em>none recorded</em>" : `${list(p.inputs.slice(0, 20).map((i) => `${esc(i.kind)} <code>${esc(i.path)}</code> sha256 <code>${esc(i.sha256)}</code>`))}${p.inputs.length > 20 ? `<p>… and ${p.inputs.length - 20} more (manifest.json lists all ${p.inputs.length})</p>` : ""}`}</td></tr>
<tr><th>Policy config</th><td>${p.policy.config === null ? "none (each check's own enforcement level)" : `<code>${esc(JSON.stringify(p.policy.config))}</code>`}${
    Object.entries(p.policy.enforcement).some(([, l]) => l === "disabled")
      ? `<br>disabled: ${esc(Object.entries(p.policy.enforcement).filter(([, l]) => l === "disabled").map(([k]) => k).join(", "))}`
      : ""
  }</td></tr>
<tr><th>Suppressions in force</th><td>${p.policy.suppressions.length === 0 ? "none" : list(p.policy.suppressions.map((x) => `<code>${esc(x.policy)}</code> on <code>${esc(x.resource)}</code> until ${esc(x.expires)}: ${esc(x.reason)}`))}</td></tr>
</table>
<h2>Control matrix</h2>
<table><tr><th>Control</th><th>Status</th><th>Automated checks</th><th>Evidence to collect by hand</th></tr>
`;
  for (const c of matrix) {
    const automated =
      c.automated.length === 0
        ? "<em>no automated check</em>"
        : list(c.automated.map((a) => `<code>${esc(a.policy)}</code> ${badge(a.status)}: ${a.pass} pass, ${a.fail} fail, ${a.error} error, ${a.manual} manual, ${a.suppressed} suppressed${a.reason !== undefined ? `<br><em>${esc(a.reason)}</em>` : ""}`));
    yield `<tr><td><strong>${esc(c.control)}</strong><br>${esc(c.title)}</td><td>${badge(c.status)}</td><td>${automated}${c.note !== undefined ? `<p><em>${esc(c.note)}</em></p>` : ""}</td><td>${list([
      ...c.attached.map((f) => `attached: <code>${esc(f)}</code>`),
      ...c.manualEvidence.map(esc),
    ])}</td></tr>\n`;
  }
  yield `</table>
<h2>Tenant inventory (${inventory.length})</h2>
<table><tr><th>Tenant</th><th>Name</th><th>Plan</th><th>Region</th><th>Domains</th><th>Configuration set</th><th>KMS key</th><th>Retention (days)</th><th>Resources</th><th>Checks</th></tr>
`;
  for (const t of inventory) {
    const status = t.fail > 0 ? "fail" : t.error > 0 ? "error" : t.manual + t.suppressed > 0 ? "needs-review" : t.pass > 0 ? "pass" : "not-evaluated";
    yield `<tr><td>${esc(t.tenant)}</td><td>${esc(t.name)}</td><td>${esc(t.plan)}</td><td>${esc(t.region)}</td><td>${esc(t.domains.join(", "))}</td><td><code>${esc(t.configurationSet)}</code></td><td><code>${esc(t.kmsAlias)}</code></td><td>${esc(t.retentionDays)}</td><td>${t.resources}</td><td>${badge(status)}</td></tr>\n`;
  }
  yield "</table>\n<h2>Findings needing attention</h2>\n";
  const notPass = sortFindings(report.findings).filter((f) => f.status !== "pass");
  if (notPass.length === 0) yield "<p>Every automated check tested resources and passed.</p>\n";
  else {
    yield "<table><tr><th>Status</th><th>Policy</th><th>Resource</th><th>Tenant</th><th>Message</th></tr>\n";
    for (const f of notPass) {
      yield `<tr><td>${badge(f.status)}<br>${esc(f.enforcement)}, ${esc(f.severity)}</td><td><code>${esc(f.policy)}</code></td><td><code>${esc(f.urn)}</code></td><td>${esc(f.tenant ?? "")}</td><td>${esc(f.message)}${
        f.suppression ? `<br><em>suppressed until ${esc(f.suppression.expires)}: ${esc(f.suppression.reason)}</em>` : ""
      }</td></tr>\n`;
    }
    yield "</table>\n";
  }
  if (input.claims !== undefined) yield* claimsSection(input.claims);
  yield `<h2>Sign-off</h2>
<p>The people below reviewed this bundle: the statuses above, the reasons for every control that is not a plain pass, and the evidence collected by hand.</p>
<table class="sign"><tr><th>Role</th><th>Name</th><th>Signature</th><th>Date</th></tr>
<tr><td>Prepared by</td><td>${esc(p.generatedBy.operator)}</td><td></td><td></td></tr>
<tr><td>Reviewed by (control owner)</td><td></td><td></td><td></td></tr>
<tr><td>Approved by (security lead)</td><td></td><td></td><td></td></tr>
</table>
<p class="meta">Every file of this bundle is listed with its SHA-256 in manifest.json, with the inputs' digests. Full results: findings.csv, policy-report.json, policy.sarif.</p>
</body></html>
`;
}

/** The security page's claims: each sentence, its status, and what showed it (or did not). */
function* claimsSection(c: ClaimsReport): Generator<string> {
  const s = c.summary;
  yield `<h2>Security page claims (${s.claims})</h2>
<p class="meta">${esc(c.page.file)}${c.page.lastUpdated !== undefined ? `, last updated ${esc(c.page.lastUpdated)}` : ""}: ${s.verified} verified, ${s.failed} failed, ${s.unverified} unverified, ${s.manual} manual; judged against ${esc(c.inputs.policy)}; probes: ${esc(c.inputs.probes)}.</p>
<table><tr><th>Status</th><th>Claim</th><th>Evidence</th><th>Where the page promises more than can be shown</th></tr>\n`;
  for (const claim of c.claims) {
    const evidence = claim.evidence.map((e) => `${badge(e.status)} ${esc(e.kind)} <code>${esc(e.ref)}</code>${e.target !== undefined ? ` ${esc(e.target)}` : ""}: ${esc(e.detail)}`);
    const over = claim.overstatements.map((o) => `${esc(o.reason)}<br><em>Suggested:</em> ${esc(o.suggestion)}`);
    yield `<tr><td>${badge(claim.status)}</td><td><code>${esc(claim.id)}</code><br>${esc(claim.text)}</td><td>${list(evidence)}</td><td>${list(over)}</td></tr>\n`;
  }
  yield "</table>\n";
}

/** The page as one string (small bundles and tests). */
export function renderHtml(input: HtmlInput): string {
  return [...htmlChunks(input)].join("");
}
