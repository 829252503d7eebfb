import { hostname } from "node:os";
import { join } from "node:path";
import { ExitCode } from "../../core/errors";
import { acquireLock } from "../../incident/lock";
import { runIncident, type RunResult } from "../../incident/runner";
import { openIncident } from "../../incident/store";
import type { CliContext, CommandResult } from "../context";
import { actingOperator, awsPorts, checkStepFlags, dirOf, loadTenantsFor, openForWrite, refuseNameWithExecute, runOptionsOf, runText, type ActOptions, type AwsPorts } from "./incident-common";

export interface IncidentRunOptions extends ActOptions {
  readonly id: string;
}

/**
 * `incident run <id>`: continues from where the journal stops. Prompts for confirmations and approvals on a terminal;
 * `--confirm <step> --note …`, `--approve <step>` and `--retry <step>` without one. A dry run unless --execute; with
 * --execute the operator is the principal of the AWS credentials (sts:GetCallerIdentity).
 */
export async function incidentRun(opts: IncidentRunOptions, ctx: CliContext): Promise<CommandResult<RunResult>> {
  const dir = dirOf(opts, ctx);
  refuseNameWithExecute(opts);
  const opened = openIncident(dir, opts.id);
  checkStepFlags(opened.runbook, opts);
  const tenants = loadTenantsFor(opts.tenants, ctx, opened.state.meta.tenants);
  const release = acquireLock(join(dir, opts.id));
  let ports: AwsPorts | undefined;
  try {
    // Read the journal again under the lock: a run that finished meanwhile has appended to it.
    const current = openIncident(dir, opts.id);
    checkStepFlags(current.runbook, opts, current.state);
    ports = opts.execute ? await awsPorts(ctx, hostname(), opts.tenants) : undefined;
    const operator = await actingOperator(opts, ctx, ports);
    const incident = openForWrite(dir, opts.id, operator, ctx);
    const result = await runIncident(
      { journal: incident.journal, runbook: incident.runbook, folder: incident.folder, tenants, ports },
      { ...runOptionsOf(opts, ctx, operator), execute: opts.execute },
    );
    return { data: result, exitCode: result.state === "aborted" || result.state === "needs-human" ? ExitCode.findings : ExitCode.ok, text: () => runText(result) };
  } finally {
    ports?.destroy();
    release();
  }
}
