import type { PlanDiffResult, StackDiff } from "./baseDiff";
import { groupByTenant, groupLines, groupTitle, type ChangeGroup } from "./diffText";

/** GitHub refuses issue and pull-request comments longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** The first line of the comment: the workflow finds and updates its one sticky comment by it. */
export const PLAN_COMMENT_MARKER = "<!-- emailmate-ops:plan -->";
/** Up to this many detail lines the details are shown open; beyond, each tenant's section is collapsed. */
const OPEN_LINES = 40;
/** Destruction warnings listed before "and N more". */
const LOUD_ITEMS = 20;
/** Room kept for the truncation note. */
const NOTE_RESERVE = 700;

export interface MarkdownOptions {
  /** At most this many characters (default GitHub's comment limit). */
  readonly maxChars?: number;
  /** Names listed in a table cell before "and N more". */
  readonly few: (names: readonly string[]) => string;
}

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const html = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;

/** A fenced block whose fence is longer than any backtick run inside. */
function fenced(lang: string, lines: readonly string[]): string {
  const body = lines.join("\n");
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((m) => m.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${lang}\n${body}\n${fence}`;
}

function summaryTable(d: PlanDiffResult, few: MarkdownOptions["few"]): string {
  const names = (list: readonly string[], bold = false) => (list.length === 0 ? "—" : bold ? `**${cell(few(list))}**` : cell(few(list)));
  const rows = d.stacks.map((s: StackDiff) =>
    [
      code(s.stack) + (s.stackFile === "unchanged" ? "" : ` (stack file ${s.stackFile})`),
      `${s.shard + 1}/${s.shards}`,
      s.platform ? "yes" : "",
      String(s.counts.create),
      String(s.counts.update),
      s.counts.delete > 0 ? `**${s.counts.delete}**` : "0",
      names(s.tenants.added),
      names(s.tenants.changed),
      names(s.tenants.removed, true),
    ].join(" | "),
  );
  return ["| stack | shard | platform | create | update | delete | tenants added | tenants changed | tenants removed |", "| --- | --- | --- | ---: | ---: | ---: | --- | --- | --- |", ...rows.map((r) => `| ${r} |`)].join("\n");
}

function destructionAlert(d: PlanDiffResult, few: MarkdownOptions["few"]): string {
  if (d.destroyed.length === 0) return "";
  const removed = [...new Set(d.stacks.flatMap((s) => s.tenants.removed))].sort();
  const head = `> **This change destroys ${d.destroyed.length} resource(s) that hold data, keys or sending identity**${removed.length > 0 ? ` — tenant(s) removed: ${few(removed.map(code))}` : ""}.`;
  const items = d.destroyed.slice(0, LOUD_ITEMS).map((x) => `> - ${code(x.stack)}${x.tenant === undefined ? "" : ` · ${code(x.tenant)}`} · ${cell(x.warning)}`);
  if (d.destroyed.length > LOUD_ITEMS) items.push(`> - … and ${d.destroyed.length - LOUD_ITEMS} more (all of them: \`plan --base ${d.base.ref} --json\`, field \`destroyed\`)`);
  return ["> [!CAUTION]", head, ">", ...items, ">", "> Export what must be kept first (`emailmate-ops audit export`), and keep the removal in its own reviewed pull request."].join("\n");
}

function section(stack: string, g: ChangeGroup, open: boolean): string {
  const icon = g.status === "REMOVED" ? "🔥" : g.status === "added" ? "➕" : "✏️";
  // <summary> is HTML: no Markdown inside it.
  const title = `${icon} <code>${html(stack)}</code> · ${html(groupTitle(g))}`;
  return [`<details${open ? " open" : ""}><summary>${title}</summary>`, "", fenced("diff", groupLines(g)), "", "</details>"].join("\n");
}

/**
 * `plan --base` as a pull-request comment: the marker, a headline, the loud destruction alert, one summary table,
 * warnings, then one (collapsed when long) section per tenant and stack. Never longer than `maxChars`: sections
 * that do not fit are left out with a note saying how many and where to see them all.
 */
export function renderPlanDiffMarkdown(d: PlanDiffResult, opts: MarkdownOptions): string {
  const limit = opts.maxChars ?? GITHUB_COMMENT_LIMIT;
  const c = d.counts;
  const parts: string[] = [
    PLAN_COMMENT_MARKER,
    `### emailmate-ops plan: ${code(d.base.ref)} (${d.base.commit.slice(0, 12)}) → this change`,
    "",
    d.affected.length === 0
      ? "**No infrastructure change** in any stack."
      : `**${c.create} to create · ${c.update} to update · ${c.delete} to delete** in ${d.affected.length} of ${d.stacks.length} stack(s): ${opts.few(d.affected.map(code))}`,
  ];
  const alert = destructionAlert(d, opts.few);
  if (alert !== "") parts.push("", alert);
  parts.push("", summaryTable(d, opts.few));
  if (d.warnings.length > 0) parts.push("", "> [!WARNING]", ...d.warnings.slice(0, 10).map((w) => `> - ${cell(w)}`), ...(d.warnings.length > 10 ? [`> - … and ${d.warnings.length - 10} more`] : []));

  const groups = d.stacks.flatMap((s) => groupByTenant(s).map((g) => ({ stack: s.stack, g })));
  // Removals first: they are what a reviewer must not miss.
  groups.sort((a, b) => Number(b.g.status === "REMOVED") - Number(a.g.status === "REMOVED"));
  const lines = groups.reduce((n, x) => n + x.g.changes.length, 0);
  const open = lines <= OPEN_LINES;
  let text = parts.join("\n");
  if (groups.length > 0) text += "\n\n" + (open ? "" : "<sub>Details per tenant (click to expand).</sub>\n");
  let shown = 0;
  for (const { stack, g } of groups) {
    const s = section(stack, g, open);
    if (text.length + s.length + 2 + NOTE_RESERVE > limit) break;
    text += `\n${s}\n`;
    shown++;
  }
  if (shown < groups.length) {
    const rest = groups.slice(shown);
    const resources = rest.reduce((n, x) => n + x.g.changes.length, 0);
    text += [
      "",
      `> [!NOTE]`,
      `> ${rest.length} more section(s) (${resources} resource change(s)) are not shown: GitHub limits a comment to ${GITHUB_COMMENT_LIMIT.toLocaleString("en-US")} characters.`,
      `> See them all with \`npx emailmate-ops plan --base ${d.base.ref}\` (or \`--json\`), or in the workflow's plan artifact.`,
      "",
    ].join("\n");
  }
  return text.length <= limit ? text : `${text.slice(0, limit - 80)}\n\n… (cut at ${limit} characters)\n`;
}
