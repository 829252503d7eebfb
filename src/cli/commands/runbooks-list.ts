import { ExitCode } from "../../core/errors";
import { DiagnosticsError } from "../../config/diagnostics";
import { loadRunbooks } from "../../incident/load";
import { tenantFsAt } from "../../tenants";
import type { CliContext, CommandResult } from "../context";
import { table } from "../table";

export interface RunbookRow {
  readonly id: string;
  readonly severity: string;
  readonly title: string;
  readonly steps: number;
  readonly parameters: string[];
  readonly deadlines: string[];
}

/** `runbooks list`: id, default severity, title, parameters (required ones without `?`). */
export async function runbooksList(opts: { dir: string }, ctx: CliContext): Promise<CommandResult<RunbookRow[]>> {
  const set = loadRunbooks([opts.dir], tenantFsAt(ctx.cwd));
  if (set.diagnostics.length > 0) throw new DiagnosticsError(set.diagnostics, "runbook files");
  const rows = set.runbooks.map((r) => ({
    id: r.id,
    severity: r.severity,
    title: r.title,
    steps: r.steps.length,
    parameters: Object.entries(r.parameters).map(([k, p]) => `${k}${p.required && p.default === undefined ? "" : "?"}:${p.type}`),
    deadlines: [...r.deadlines],
  }));
  return {
    data: rows,
    exitCode: ExitCode.ok,
    text: () => table(["ID", "SEV", "STEPS", "PARAMETERS", "TITLE"], rows.map((r) => [r.id, r.severity, String(r.steps), r.parameters.join(" "), r.title])),
  };
}
