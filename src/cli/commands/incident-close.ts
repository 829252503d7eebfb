import { ExitCode, usageError } from "../../core/errors";
import { acquireLock } from "../../incident/journal";
import { isDone } from "../../incident/planner";
import { incidentStatus } from "../../incident/status";
import { openIncident } from "../../incident/store";
import type { CliContext, CommandResult } from "../context";
import { dirOf, operatorOf, type IncidentDirOptions } from "./incident-common";

export interface IncidentCloseOptions extends IncidentDirOptions {
  readonly id: string;
  readonly note?: string;
  readonly force: boolean;
  readonly as?: string;
}

/** `incident close <id>`: closes an incident whose steps are all done (or, with --force and a --note, one that is not). */
export async function incidentClose(opts: IncidentCloseOptions, ctx: CliContext): Promise<CommandResult<{ id: string; closedAt: string; openSteps: string[] }>> {
  const incident = openIncident(dirOf(opts, ctx), opts.id);
  if (incident.state.closed) throw usageError("E_INCIDENT_CLOSED", `${incident.id} was closed at ${incident.state.closed.at} by ${incident.state.closed.by}`);
  const open = incident.runbook.steps.filter((s) => !isDone(incident.state.steps.get(s.id)) && incident.state.steps.get(s.id)?.status !== "failed").map((s) => s.id);
  if (open.length > 0 && !opts.force) {
    throw usageError("E_INCIDENT_OPEN_STEPS", `${incident.id} has ${open.length} step(s) not done: ${open.join(", ")}`, "finish them, or close anyway with --force --note \"why\"");
  }
  if (opts.force && (opts.note === undefined || opts.note.trim() === "")) throw usageError("E_NOTE_REQUIRED", "--force needs a --note saying why the incident closes with steps open");
  if (incident.state.pendingAudits.length > 0) throw usageError("E_AUDIT_PENDING", `${incident.id} has audit events not yet written; run \`incident run ${incident.id} --execute\` first`);
  const now = ctx.clock.now();
  const release = acquireLock(incident.folder);
  try {
    incident.journal.append("incident.closed", { by: operatorOf(opts.as, ctx).actor, note: opts.note ?? null, openSteps: open }, now);
  } finally {
    release();
  }
  const overdue = incidentStatus(incident.runbook, incident.state, now).deadlines.filter((d) => d.state === "overdue");
  return {
    data: { id: incident.id, closedAt: now.toISOString(), openSteps: open },
    exitCode: ExitCode.ok,
    text: () => [`closed ${incident.id} at ${now.toISOString()}`, ...overdue.map((d) => `warning: closed with ${d.title} OVERDUE (due ${d.due})`)].join("\n"),
  };
}
