import { hostname } from "node:os";
import { ExitCode, usageError } from "../../core/errors";
import { loadRunbookOrThrow } from "../../incident/load";
import { affectedTenants, parseIsoTime, parseParams } from "../../incident/params";
import { checkReferencesResolve, runIncident, type RunResult } from "../../incident/runner";
import { GDPR_ROLES, SEVERITIES, type GdprRole, type Severity } from "../../incident/schema";
import { formatDeadline, type Deadline } from "../../incident/deadlines";
import type { Operator } from "../../incident/runner";
import { deadlinesOf } from "../../incident/status";
import { foldJournal } from "../../incident/state";
import { createIncident, sha256 } from "../../incident/store";
import { tenantFsAt } from "../../tenants";
import type { CliContext, CommandResult } from "../context";
import { actingOperator, awsPorts, checkStepFlags, dirOf, loadTenantsFor, refuseNameWithExecute, runOptionsOf, runText, tenantIdsInParams, type ActOptions } from "./incident-common";

export interface IncidentStartOptions extends ActOptions {
  readonly runbook: string;
  readonly params: readonly string[];
  readonly awareAt?: string;
  readonly severity?: string;
  readonly owner?: string;
  readonly runbooks: string;
  /** `--gdpr-role`: overrides the runbook's gdprRole for this incident. */
  readonly gdprRole?: string;
}

export type IncidentStartData = RunResult & { readonly gdprRole: GdprRole; readonly deadlines: readonly Deadline[] };

/**
 * `incident start <runbook> --param k=v… [--aware-at ISO] [--execute]`: validates the runbook, its parameters and every
 * reference before anything is written, opens INC-YYYYMMDD-NNN, then runs it (a dry run unless --execute).
 */
export async function incidentStart(opts: IncidentStartOptions, ctx: CliContext): Promise<CommandResult<IncidentStartData>> {
  refuseNameWithExecute(opts);
  if (!/^[a-z][a-z0-9-]{1,62}[a-z0-9]$/.test(opts.runbook)) throw usageError("E_RUNBOOK_ID", `invalid runbook id ${JSON.stringify(opts.runbook)}`, "list runbooks with `emailmate-ops runbooks list`");
  const fs = tenantFsAt(ctx.cwd);
  const { runbook, text } = loadRunbookOrThrow(opts.runbooks, opts.runbook, fs);
  checkStepFlags(runbook, opts);
  const tenants = loadTenantsFor(opts.tenants, ctx, tenantIdsInParams(runbook, opts.params));
  const params = parseParams(runbook, opts.params, tenants);
  const now = ctx.clock.now();
  let awareAt = now.toISOString();
  if (opts.awareAt !== undefined) {
    const t = parseIsoTime(opts.awareAt);
    if (t === undefined) throw usageError("E_AWARE_AT", `--aware-at ${opts.awareAt}: expected an ISO 8601 time such as 2026-11-29T08:00:00Z`);
    if (t > now.getTime()) throw usageError("E_AWARE_AT", `--aware-at ${opts.awareAt} is in the future; expected when we became aware (now or earlier)`);
    awareAt = new Date(t).toISOString();
  }
  if (opts.severity !== undefined && !(SEVERITIES as readonly string[]).includes(opts.severity)) {
    throw usageError("E_SEVERITY", `--severity ${opts.severity}: expected one of ${SEVERITIES.join(", ")}`);
  }
  if (opts.gdprRole !== undefined && !(GDPR_ROLES as readonly string[]).includes(opts.gdprRole)) {
    throw usageError("E_GDPR_ROLE", `--gdpr-role ${opts.gdprRole}: expected one of ${GDPR_ROLES.join(", ")}`);
  }
  const gdprRole = (opts.gdprRole ?? runbook.gdprRole) as GdprRole;
  // With --execute, who acts is read from the credentials before anything is written.
  const ports = opts.execute ? await awsPorts(ctx, hostname(), opts.tenants) : undefined;
  let operator: Operator;
  try {
    operator = await actingOperator(opts, ctx, ports);
  } catch (err) {
    ports?.destroy();
    throw err;
  }
  const meta = {
    runbook: runbook.id,
    runbookFile: runbook.file,
    runbookSha256: sha256(text),
    runbookText: text,
    title: runbook.title,
    severity: (opts.severity ?? runbook.severity) as Severity,
    owner: opts.owner ?? operator.actor,
    awareAt,
    openedAt: now.toISOString(),
    params,
    tenants: affectedTenants(runbook, params),
    host: hostname(),
    gdprRole,
  };
  // Every reference to parameters, the incident and the tenant must resolve before the incident exists.
  try {
    checkReferencesResolve(runbook, foldJournal([{ seq: 1, at: meta.openedAt, type: "incident.opened", data: { id: "INC-00000000-000", ...meta }, prev: "", hash: "" }]), tenants);
    const { journal, folder } = createIncident(dirOf(opts, ctx), now, meta);
    const result = await runIncident({ journal, runbook, folder, tenants, ports }, { ...runOptionsOf(opts, ctx, operator), execute: opts.execute });
    const deadlines = deadlinesOf(runbook, foldJournal(journal.entries), ctx.clock.now());
    const running = deadlines.filter((d) => d.state !== "not-required");
    return {
      data: { ...result, gdprRole, deadlines },
      exitCode: result.state === "aborted" || result.state === "needs-human" ? ExitCode.findings : ExitCode.ok,
      text: () =>
        [
          `opened ${result.id} (GDPR role: ${gdprRole}${gdprRole === "none" ? ", not a personal-data breach" : ""})`,
          running.length === 0 ? "deadlines: none" : "deadlines (from awareness):",
          ...running.map((d) => `  ${formatDeadline(d)}`),
          runText(result),
        ].join("\n"),
    };
  } finally {
    ports?.destroy();
  }
}
