import { ExitCode } from "../../core/errors";
import { incidentStatus } from "../../incident/status";
import { listIncidentIds, openIncident } from "../../incident/store";
import type { CliContext, CommandResult } from "../context";
import { table } from "../table";
import { dirOf, type IncidentDirOptions } from "./incident-common";

export interface IncidentListRow {
  readonly id: string;
  readonly severity: string;
  readonly state: string;
  readonly phase: string;
  readonly runbook: string;
  readonly owner: string;
  readonly tenants: readonly string[];
  readonly openedAt: string;
  readonly overdue: boolean;
  /** Set when the journal fails verification (the incident is listed, loudly, not hidden). */
  readonly error?: string;
}

/** `incident list`: every incident in the folder, newest first; a journal that fails verification is flagged. */
export async function incidentList(opts: IncidentDirOptions, ctx: CliContext): Promise<CommandResult<IncidentListRow[]>> {
  const dir = dirOf(opts, ctx);
  const rows: IncidentListRow[] = listIncidentIds(dir)
    .reverse()
    .map((id) => {
      try {
        const inc = openIncident(dir, id);
        const s = incidentStatus(inc.runbook, inc.state, ctx.clock.now());
        return { id, severity: s.severity, state: s.state, phase: s.phase, runbook: s.runbook, owner: s.owner, tenants: s.tenants, openedAt: s.openedAt, overdue: s.overdue && s.state === "open" };
      } catch (err) {
        return { id, severity: "?", state: "INVALID", phase: "?", runbook: "?", owner: "?", tenants: [], openedAt: "?", overdue: false, error: err instanceof Error ? err.message : String(err) };
      }
    });
  const invalid = rows.some((r) => r.error !== undefined);
  return {
    data: rows,
    exitCode: invalid ? ExitCode.findings : ExitCode.ok,
    text: () =>
      rows.length === 0
        ? `no incidents in ${dir}`
        : [
            table(
              ["ID", "SEV", "STATE", "PHASE", "RUNBOOK", "OWNER", "TENANTS", "OPENED"],
              rows.map((r) => [r.id, r.severity, r.overdue ? `${r.state} OVERDUE` : r.state, r.phase, r.runbook, r.owner, r.tenants.join(",") || "-", r.openedAt]),
            ),
            ...rows.filter((r) => r.error).map((r) => `!!! ${r.id}: ${r.error}`),
          ].join("\n"),
  };
}
