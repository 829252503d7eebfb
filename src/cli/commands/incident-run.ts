import { join } from "node:path";
import { ExitCode } from "../../core/errors";
import { acquireLock } from "../../incident/journal";
import { runIncident, type RunResult } from "../../incident/runner";
import { openIncident } from "../../incident/store";
import type { CliContext, CommandResult } from "../context";
import { awsPorts, checkStepFlags, dirOf, loadTenantsFor, operatorOf, runOptionsOf, runText, type ActOptions } from "./incident-common";

export interface IncidentRunOptions extends ActOptions {
  readonly id: string;
}

/**
 * `incident run <id>`: continues from where the journal stops. Prompts for confirmations and approvals on a terminal;
 * `--confirm <step> --note …`, `--approve <step> --as <name>` and `--retry <step>` without one. A dry run unless --execute.
 */
export async function incidentRun(opts: IncidentRunOptions, ctx: CliContext): Promise<CommandResult<RunResult>> {
  const dir = dirOf(opts, ctx);
  const opened = openIncident(dir, opts.id);
  checkStepFlags(opened.runbook, opts);
  const tenants = loadTenantsFor(opts.tenants, ctx, opened.state.meta.tenants);
  const operator = operatorOf(opts.as, ctx);
  const release = acquireLock(join(dir, opts.id));
  let ports: Awaited<ReturnType<typeof awsPorts>> | undefined;
  try {
    // Read the journal again under the lock: a run that finished meanwhile has appended to it.
    const incident = openIncident(dir, opts.id);
    ports = opts.execute ? await awsPorts(ctx, operator.host) : undefined;
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
