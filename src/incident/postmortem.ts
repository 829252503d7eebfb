import { formatDeadline, formatDuration, missedDeadlines, type Deadline } from "./deadlines";
import type { JournalEntry } from "./journal";
import type { Phase, Runbook } from "./schema";
import type { IncidentState } from "./state";
import { timelineMarkdown, timelineRows } from "./timeline";

/** Time to detect, contain and recover, in milliseconds (undefined where not known yet). */
export interface ResponseTimes {
  /** From when it began (parameter `startedAt`, if given) to awareness. */
  readonly detectMs?: number;
  /** From awareness to the last contain step done. */
  readonly containMs?: number;
  /** From awareness to the last recover step done. */
  readonly recoverMs?: number;
}

function phaseDoneAt(runbook: Runbook, state: IncidentState, phase: Phase): number | undefined {
  const steps = runbook.steps.filter((s) => s.phase === phase);
  if (steps.length === 0) return undefined;
  const times: number[] = [];
  for (const s of steps) {
    const st = state.steps.get(s.id);
    if (st?.doneAt === undefined) return undefined;
    times.push(Date.parse(st.doneAt));
  }
  return Math.max(...times);
}

export function responseTimes(runbook: Runbook, state: IncidentState): ResponseTimes {
  const aware = Date.parse(state.meta.awareAt);
  const began = typeof state.meta.params.startedAt === "string" ? Date.parse(state.meta.params.startedAt) : undefined;
  const contained = phaseDoneAt(runbook, state, "contain");
  const recovered = phaseDoneAt(runbook, state, "recover");
  return {
    ...(began !== undefined ? { detectMs: aware - began } : {}),
    ...(contained !== undefined ? { containMs: contained - aware } : {}),
    ...(recovered !== undefined ? { recoverMs: recovered - aware } : {}),
  };
}

const TODO = "_to be written_";

function deadlineLines(deadlines: readonly Deadline[]): string[] {
  if (deadlines.length === 0) return ["None for this runbook."];
  const missed = missedDeadlines(deadlines);
  return [
    missed.length === 0 ? "Missed: none." : "Missed:",
    ...missed.map((d) => (d.state === "late" ? `- ${d.title}: sent ${d.metAt}, late by ${formatDuration(d.lateByMs ?? 0)} (due ${d.due}) — ${d.basis}` : `- ${d.title}: NOT MET, overdue by ${formatDuration(d.remainingMs ?? 0)} (due ${d.due}) — ${d.basis}`)),
    "",
    "All:",
    ...deadlines.map((d) => `- ${formatDeadline(d)}`),
  ];
}

function notesOf(runbook: Runbook, state: IncidentState, pick: (id: string, phase: Phase) => boolean): string[] {
  return runbook.steps
    .filter((s) => pick(s.id, s.phase))
    .map((s) => ({ s, st: state.steps.get(s.id) }))
    .filter(({ st }) => st?.status === "confirmed" && st.outputs?.note !== undefined)
    .map(({ s, st }) => `- ${s.title}: ${String(st!.outputs!.note)} (${String(st!.outputs!.by)})`);
}

function doneSteps(runbook: Runbook, state: IncidentState, phases: readonly Phase[]): string[] {
  return runbook.steps
    .filter((s) => phases.includes(s.phase))
    .map((s) => ({ s, st: state.steps.get(s.id) }))
    .filter(({ st }) => st?.status === "succeeded" || st?.status === "confirmed")
    .map(({ s, st }) => `- ${st!.doneAt ?? ""} ${s.title}${st!.status === "confirmed" ? `: ${String(st!.outputs?.note ?? "")}` : ""}`);
}

/**
 * The post-mortem draft in Markdown: summary, impact, root cause, trigger, detection, resolution, action items,
 * lessons, deadlines (the missed ones first: sent late, or overdue), public credit for a reporter, timeline, and the
 * times to detect, contain and recover. Filled from the journal; gaps are marked. Pure.
 */
export function postmortemMarkdown(runbook: Runbook, state: IncidentState, entries: readonly JournalEntry[], deadlines: readonly Deadline[]): string {
  const m = state.meta;
  const t = responseTimes(runbook, state);
  const time = (ms: number | undefined) => (ms === undefined ? "not known yet" : formatDuration(ms));
  const section = (lines: string[]) => (lines.length === 0 ? TODO : lines.join("\n"));
  const params = Object.entries(m.params).map(([k, v]) => `- ${k}: ${Array.isArray(v) ? v.join(", ") : String(v)}`);
  return [
    `# Post-mortem ${m.id}: ${m.title}`,
    "",
    `Severity ${m.severity} · runbook ${m.runbook} · owner ${m.owner} · aware ${m.awareAt} · ${state.closed ? `closed ${state.closed.at}` : "open"}`,
    "",
    "## Summary",
    typeof m.params.summary === "string" ? m.params.summary : runbook.description.trim(),
    "",
    "## Impact",
    `Tenants affected: ${m.tenants.join(", ") || "none identified"}`,
    ...params,
    "",
    "## Response times",
    `- Time to detect: ${time(t.detectMs)}`,
    `- Time to contain: ${time(t.containMs)}`,
    `- Time to recover: ${time(t.recoverMs)}`,
    "",
    "## Deadlines",
    ...deadlineLines(deadlines),
    ...(typeof m.params.reporter === "string"
      ? ["", "## Credit", `Reported by ${m.params.reporter}${typeof m.params.creditAs === "string" ? `; to be credited publicly as: ${m.params.creditAs}` : ""}.`]
      : []),
    "",
    "## Root cause",
    section(notesOf(runbook, state, (id) => id === "root-cause")),
    "",
    "## Trigger",
    runbook.triggers.map((x) => `- ${x}`).join("\n"),
    "",
    "## Detection",
    section(doneSteps(runbook, state, ["detect"])),
    "",
    "## Resolution",
    section(doneSteps(runbook, state, ["contain", "eradicate", "recover"])),
    "",
    "## Action items",
    section(notesOf(runbook, state, (id) => id === "action-items")),
    "",
    "## Lessons learned",
    section(notesOf(runbook, state, (id) => id === "lessons")),
    "",
    "## Timeline (UTC)",
    timelineMarkdown(timelineRows(entries)),
    "",
  ].join("\n");
}
