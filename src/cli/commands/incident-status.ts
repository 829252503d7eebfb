import { ExitCode } from "../../core/errors";
import { formatDeadline } from "../../incident/deadlines";
import { incidentStatus, type IncidentStatus } from "../../incident/status";
import { openIncident } from "../../incident/store";
import type { CliContext, CommandResult } from "../context";
import { table } from "../table";
import { dirOf, type IncidentDirOptions } from "./incident-common";

export interface IncidentStatusOptions extends IncidentDirOptions {
  readonly id: string;
}

/** `incident status <id>`: phase, next step, owner, each step, deadlines with time left. Overdue is loud (exit 1). */
export async function incidentStatusCommand(opts: IncidentStatusOptions, ctx: CliContext): Promise<CommandResult<IncidentStatus>> {
  const incident = openIncident(dirOf(opts, ctx), opts.id);
  const status = incidentStatus(incident.runbook, incident.state, ctx.clock.now());
  const torn = incident.journal.torn;
  if (torn !== undefined) {
    ctx.stderr(`warning: ${incident.journal.file}:${torn.line}: the last line is torn (a crash while writing it); shown up to it; the next command that writes (run, notify, postmortem, close) cuts it and records that\n`);
  }
  if (status.overdue && status.state === "open") {
    for (const d of status.deadlines.filter((x) => x.state === "overdue")) ctx.stderr(`${formatDeadline(d)}\n`);
  }
  return {
    data: status,
    exitCode: status.overdue && status.state === "open" ? ExitCode.findings : ExitCode.ok,
    text: () =>
      [
        `${status.id} ${status.severity} ${status.state.toUpperCase()}: ${status.title}`,
        `runbook ${status.runbook} · owner ${status.owner} · tenants ${status.tenants.join(", ") || "-"} · aware ${status.awareAt} · GDPR role ${status.gdprRole}`,
        `phase: ${status.phase}`,
        `next: ${status.next ? `${status.next.step} (${status.next.action}): ${status.next.title}` : "-"} — waiting for ${status.waitingFor}`,
        "",
        table(
          ["PHASE", "STEP", "ACTION", "STATUS"],
          status.steps.map((s) => [s.phase, s.id, s.action, s.needed > 0 ? `${s.status} (approvals ${s.approvals.length}/${s.needed})` : s.status]),
        ),
        "",
        status.deadlines.length === 0 ? "deadlines: none for this runbook" : "deadlines:",
        ...status.deadlines.map((d) => `  ${formatDeadline(d)}`),
      ].join("\n"),
  };
}
