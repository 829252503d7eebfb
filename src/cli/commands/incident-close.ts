import { join } from "node:path";
import { ExitCode, usageError } from "../../core/errors";
import { formatDeadline, openLegalDeadlines } from "../../incident/deadlines";
import { acquireLock } from "../../incident/lock";
import { approversNeeded, isDone } from "../../incident/planner";
import type { PlacedStep } from "../../incident/schema";
import { deadlinesOf } from "../../incident/status";
import type { CliContext, CommandResult } from "../context";
import { dirOf, openForWrite, operatorOf, type IncidentDirOptions } from "./incident-common";

export interface IncidentCloseOptions extends IncidentDirOptions {
  readonly id: string;
  readonly note?: string;
  readonly reason?: string;
  readonly force: boolean;
  readonly as?: string;
}

export interface IncidentCloseData {
  readonly id: string;
  readonly closedAt: string;
  readonly openSteps: string[];
  /** True when nothing was ever performed on AWS (only dry runs): its planned steps are listed in notPerformed. */
  readonly dryRun: boolean;
  readonly notPerformed: string[];
  /** Legal deadlines still open when it was closed (only with --force --reason). */
  readonly openDeadlines: string[];
}

/**
 * `incident close <id>`: closes an incident whose steps are all done. An incident that was only ever dry-run closes
 * too (its planned AWS steps are listed as never performed). Refused while steps are open or a legal deadline
 * (GDPR, California) is still running, unless `--force --reason "why"`.
 */
export async function incidentClose(opts: IncidentCloseOptions, ctx: CliContext): Promise<CommandResult<IncidentCloseData>> {
  const dir = dirOf(opts, ctx);
  const operator = operatorOf(opts.as, ctx);
  const reason = (opts.reason ?? opts.note)?.trim();
  if (opts.force && (reason === undefined || reason === "")) throw usageError("E_REASON_REQUIRED", "--force needs --reason \"why\" (or --note): the journal records why the incident closed anyway");
  const now = ctx.clock.now();
  const release = acquireLock(join(dir, opts.id));
  try {
    const incident = openForWrite(dir, opts.id, operator, ctx);
    const { state, runbook } = incident;
    if (state.closed) throw usageError("E_INCIDENT_CLOSED", `${incident.id} was closed at ${state.closed.at} by ${state.closed.by}`);
    const dryRun = !state.executedAny;
    const notDone = runbook.steps.filter((s) => !isDone(state.steps.get(s.id)) && state.steps.get(s.id)?.status !== "failed");
    // A dry-run incident's AWS steps were planned, never performed: they do not hold it open.
    // So does an `approve` gate that got its (dry-run) approvals: it would pass on the next executed run.
    const gatePassed = (s: PlacedStep) => s.action === "approve" && (state.steps.get(s.id)?.approvals.length ?? 0) >= approversNeeded(s);
    const notPerformed = dryRun ? notDone.filter((s) => state.steps.get(s.id)?.planned === true || gatePassed(s)).map((s) => s.id) : [];
    const open = notDone.map((s) => s.id).filter((s) => !notPerformed.includes(s));
    if (open.length > 0 && !opts.force) {
      throw usageError("E_INCIDENT_OPEN_STEPS", `${incident.id} has ${open.length} step(s) not done: ${open.join(", ")}`, "finish them, or close anyway with --force --reason \"why\"");
    }
    const legal = openLegalDeadlines(deadlinesOf(runbook, state, now));
    if (legal.length > 0 && !opts.force) {
      throw usageError(
        "E_DEADLINE_OPEN",
        `${incident.id} has ${legal.length} legal deadline(s) still open:\n${legal.map((d) => `  ${formatDeadline(d)}`).join("\n")}`,
        "send the notice and record it (`incident notify <id> --mark-sent <kind>`), or close anyway with --force --reason \"why\"",
      );
    }
    if (state.pendingAudits.length > 0 && !dryRun) throw usageError("E_AUDIT_PENDING", `${incident.id} has audit events not yet written; run \`incident run ${incident.id} --execute\` first`);
    incident.journal.append(
      "incident.closed",
      {
        by: operator.actor,
        unverified: true,
        note: opts.note ?? null,
        openSteps: open,
        ...(dryRun ? { dryRun: true, notPerformed } : {}),
        ...(opts.force ? { forced: true, reason } : {}),
        ...(legal.length > 0 ? { openDeadlines: legal.map((d) => d.kind) } : {}),
      },
      now,
    );
    const overdue = deadlinesOf(runbook, state, now).filter((d) => d.state === "overdue" && !d.legal);
    return {
      data: { id: incident.id, closedAt: now.toISOString(), openSteps: open, dryRun, notPerformed, openDeadlines: legal.map((d) => d.kind) },
      exitCode: ExitCode.ok,
      text: () =>
        [
          `closed ${incident.id} at ${now.toISOString()}${dryRun ? " (a dry-run incident: nothing was performed on AWS)" : ""}`,
          ...(notPerformed.length > 0 ? [`never performed (dry run): ${notPerformed.join(", ")}`] : []),
          ...legal.map((d) => `warning: closed with a legal deadline open (--force): ${formatDeadline(d)}`),
          ...overdue.map((d) => `warning: closed with ${d.title} OVERDUE (due ${d.due})`),
        ].join("\n"),
    };
  } finally {
    release();
  }
}
