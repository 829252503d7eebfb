import { esc } from "../html";
import type { ExceptionEpisode, PeriodControl, PeriodManifest } from "./build";

const CSS = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;color:#1b1f24;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.meta{color:#57606a}code{font-size:12px;word-break:break-all}
.s{font-weight:600;padding:.05rem .4rem;border-radius:.3rem;white-space:nowrap}.pass{background:#dafbe1;color:#116329}.fail,.error{background:#ffebe9;color:#a40e26}
.manual,.needs-review,.not-evaluated{background:#fff8c5;color:#7d4e00}@media print{body{margin:0;max-width:none}}`;

const badge = (s: string) => `<span class="s ${esc(s)}">${esc(s)}</span>`;
const rows = <T>(items: readonly T[], empty: string, cells: (x: T) => readonly string[]) =>
  items.length === 0 ? `<tr><td colspan="99"><em>${esc(empty)}</em></td></tr>` : items.map((x) => `<tr>${cells(x).map((c) => `<td>${c}</td>`).join("")}</tr>`).join("\n");

/** The period bundle on one self-contained page (inline CSS, no scripts): controls, gaps, exceptions, the sample. */
export function renderPeriodHtml(m: Omit<PeriodManifest, "files">, controls: readonly PeriodControl[], gaps: readonly { from: string; to: string; days: number }[]): string {
  const exceptions: ExceptionEpisode[] = controls.flatMap((c) => c.exceptions);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>EmailMate SOC 2 Type II evidence — ${esc(m.period.from)} .. ${esc(m.period.to)}</title><style>${CSS}</style></head>
<body>
<h1>EmailMate SOC 2 Type II evidence: ${esc(m.period.from)} .. ${esc(m.period.to)}</h1>
<p class="meta">${m.period.days} days · generated ${esc(m.generatedAt)} by emailmate-ops ${esc(m.toolVersion)} · git commit <code>${esc(m.gitCommit)}</code> · ledger <code>${esc(m.ledger.location)}</code>, ${
    m.ledger.first === null ? "no runs in the period" : `records ${m.ledger.first.seq}–${m.ledger.last?.seq} (head <code>${esc(m.ledger.head?.hash ?? "")}</code>)`
  } · sample of ${m.sample.size} per control, seed <code>${esc(m.sample.seed)}</code></p>
<h2>Controls over the period</h2>
<table><tr><th>Control</th><th>Status</th><th>Why</th><th>Runs</th><th>Days covered</th><th>Tenants</th><th>Exceptions</th><th>Sampled runs (seq)</th></tr>
${rows(controls, "no controls", (c) => [`<strong>${esc(c.control)}</strong><br>${esc(c.title)}`, badge(c.status), esc(c.reason), String(c.runs), `${c.daysCovered}/${m.period.days}`, String(c.tenants.length), String(c.exceptions.length), esc(c.sample.map((s) => s.seq).join(", "))])}
</table>
<h2>Days without a run</h2>
<table><tr><th>From</th><th>To</th><th>Days</th></tr>
${rows(gaps, "every day of the period had a run", (g) => [esc(g.from), esc(g.to), String(g.days)])}
</table>
<h2>Exceptions during the period</h2>
<table><tr><th>Control</th><th>Check</th><th>Status</th><th>Tenant</th><th>Resource</th><th>Message</th><th>First seen</th><th>Last seen</th><th>Runs</th><th>Resolved</th></tr>
${rows(exceptions, "no exception in the period", (e) => [esc(e.control), `<code>${esc(e.policy)}</code>`, badge(e.status), esc(e.tenant ?? ""), `<code>${esc(e.urn)}</code>`, esc(e.message) + (e.suppression ? `<br><em>suppressed until ${esc(e.suppression.expires)}: ${esc(e.suppression.reason)}</em>` : ""), esc(e.firstSeen), esc(e.lastSeen), String(e.occurrences), esc(e.resolvedAt ?? "open at the end of the period")])}
</table>
<p class="meta">The population (runs.csv), tenants (tenants.csv), the sample with each run's record and bundle digests (sample.csv) and the ledger records (ledger.jsonl) are in this folder; every file is hashed in manifest.json. Check with: emailmate-ops evidence verify &lt;this folder&gt; --public-key &lt;key.pem&gt;</p>
</body></html>
`;
}
