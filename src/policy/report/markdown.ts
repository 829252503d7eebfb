import { describeSource, sortFindings, type PolicyReport } from "./model";

/** GitHub's limit on a comment body. */
export const MAX_COMMENT_CHARS = 65_536;

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** A pull-request comment: verdict, summary table, failures; manual and suppressed findings folded. */
export function writeMarkdown(report: PolicyReport): string {
  const s = report.summary;
  const head = [
    `### ${report.mandatoryFailed ? "❌ Policy check failed" : s.fail > 0 ? "⚠️ Policy check passed with advisory failures" : "✅ Policy check passed"}`,
    "",
    `${s.resources} resources from ${cell(describeSource(report))}, ${s.checks} checks.`,
    "",
    "| Pass | Fail | Manual | Suppressed |",
    "| ---: | ---: | ---: | ---: |",
    `| ${s.pass} | ${s.fail} | ${s.manual} | ${s.suppressed} |`,
    "",
  ];
  const sorted = sortFindings(report.findings);
  const section = (title: string, rows: string[], fold: boolean): string[] =>
    rows.length === 0 ? [] : fold ? [`<details><summary>${title}</summary>`, "", ...rows, "", "</details>", ""] : [`#### ${title}`, "", ...rows, ""];
  const table = (status: "fail" | "error" | "manual" | "suppressed") => {
    const list = sorted.filter((f) => f.status === status);
    if (list.length === 0) return [];
    const extra = status === "suppressed" ? " Reason (expires) |" : "";
    return [
      `| Policy | Level | Resource | Tenant | Message |${extra}`,
      `| --- | --- | --- | --- | --- |${status === "suppressed" ? " --- |" : ""}`,
      ...list.map(
        (f) =>
          `| \`${f.policy}\` | ${f.enforcement}, ${f.severity} | \`${cell(f.name)}\` | ${f.tenant ?? ""} | ${cell(f.message)} |${f.suppression ? ` ${cell(f.suppression.reason)} (${f.suppression.expires}) |` : ""}`,
      ),
    ];
  };
  const failures = sorted.filter((f) => f.status === "fail").length;
  const body = [
    ...head,
    ...section(`Failures (${failures})`, table("fail"), false),
    ...section(`Errors — could not be collected (${s.error})`, table("error"), false),
    ...section(`Manual — cannot be checked here (${s.manual})`, table("manual"), true),
    ...section(`Suppressed (${s.suppressed})`, table("suppressed"), true),
  ].join("\n");
  if (body.length <= MAX_COMMENT_CHARS) return body;
  const note = `\n\n_…truncated to fit a comment; run \`emailmate-ops policy check --format markdown\` or see the SARIF/JUnit artefacts for all findings._\n`;
  const cut = body.slice(0, MAX_COMMENT_CHARS - note.length);
  return cut.slice(0, cut.lastIndexOf("\n")) + note;
}
