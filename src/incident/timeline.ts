import type { JournalEntry } from "./journal";

/** One row of an incident's timeline. */
export interface TimelineRow {
  readonly at: string;
  readonly seq: number;
  readonly type: string;
  readonly step?: string;
  readonly by?: string;
  /** The entry was made in a dry run: nothing was performed on AWS. */
  readonly dryRun?: boolean;
  /** `by` is a free-text name, not an identity from the credentials. */
  readonly unverified?: boolean;
  readonly summary: string;
}

function summarize(e: JournalEntry): string {
  const d = e.data;
  const err = d.error as { code?: string; message?: string } | undefined;
  switch (e.type) {
    case "incident.opened":
      return `opened ${String(d.id)} from runbook ${String(d.runbook)} (${String(d.severity)}), aware at ${String(d.awareAt)}, owner ${String(d.owner)}`;
    case "step.planned":
      return `would call ${((d.calls as { service: string; operation: string }[] | undefined) ?? []).map((c) => `${c.service}:${c.operation}`).join(", ") || String(d.action)}`;
    case "approval.requested":
      return `approval requested by ${String(d.by)}`;
    case "approval.granted":
      return `approved by ${String(d.by)}`;
    case "step.confirmed":
      return `confirmed by ${String(d.by)}: ${String(d.note)}`;
    case "step.started":
      return `attempt ${String(d.attempt)} started: ${String(d.action)}`;
    case "step.succeeded":
      return `attempt ${String(d.attempt ?? 1)} succeeded${d.via === "reconcile" ? " (found done on reconciliation)" : ""}`;
    case "step.failed":
      return `attempt ${String(d.attempt ?? 1)} failed: ${err?.code ?? ""} ${err?.message ?? ""}`.trim();
    case "step.reconciled":
      return `reconciled with AWS state: ${String(d.result)}${d.reason ? ` (${String(d.reason)})` : ""}`;
    case "step.retryAuthorized":
      return `retry authorized by ${String(d.by)}${d.note ? `: ${String(d.note)}` : ""}`;
    case "step.skipped":
      return `skipped: ${String(d.reason)}`;
    case "step.waiting":
      return `waiting until ${String(d.until)}`;
    case "audit.recorded":
      return `audit event ${String(d.eventId)} written`;
    case "notice.drafted":
      return `drafted ${((d.files as string[] | undefined) ?? []).join(", ")}`;
    case "notice.sent":
      return `notice sent (${String(d.kind)}) recorded by ${String(d.by)}${d.note ? `: ${String(d.note)}` : ""}`;
    case "incident.closed":
      return `closed by ${String(d.by)}${d.dryRun === true ? " (a dry-run incident: nothing was performed on AWS)" : ""}${d.reason ? ` despite open deadlines: ${String(d.reason)}` : ""}${d.note ? `: ${String(d.note)}` : ""}`;
    case "journal.recovered":
      return `journal recovered: a torn last line (${String(d.droppedBytes)} bytes, cut while being written) was removed`;
    case "postmortem.drafted":
      return `post-mortem drafted: ${((d.files as string[] | undefined) ?? []).join(", ")}`;
  }
}

/** Entries that record what a person did or decided: their names matter. */
const HUMAN = new Set<string>(["approval.requested", "approval.granted", "step.confirmed", "step.retryAuthorized", "notice.sent", "incident.closed"]);

/** The journal as a timeline: sorted by time (then sequence), times in UTC. Pure. */
export function timelineRows(entries: readonly JournalEntry[]): TimelineRow[] {
  return [...entries]
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.seq - b.seq))
    .map((e) => {
      const by = e.data.by ?? (e.type === "incident.opened" ? e.data.owner : undefined);
      return {
        at: e.at,
        seq: e.seq,
        type: e.type,
        ...(typeof e.data.step === "string" ? { step: e.data.step } : {}),
        ...(typeof by === "string" ? { by } : {}),
        ...(e.data.dryRun === true ? { dryRun: true } : {}),
        ...(e.data.unverified === true ? { unverified: true } : {}),
        summary: `${e.data.dryRun === true ? "DRY RUN: " : ""}${summarize(e)}${e.data.unverified === true && HUMAN.has(e.type) ? " (unverified name)" : ""}`,
      };
    });
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function timelineMarkdown(rows: readonly TimelineRow[]): string {
  return [
    "| Time (UTC) | # | Step | Event |",
    "| --- | --- | --- | --- |",
    ...rows.map((r) => `| ${r.at.replace("T", " ").replace(/\.\d{3}Z$/, "Z")} | ${r.seq} | ${cell(r.step ?? "")} | ${cell(r.summary)} |`),
  ].join("\n");
}
