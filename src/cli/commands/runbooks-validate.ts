import { formatDiagnostic, type Diagnostic } from "../../config/diagnostics";
import { ExitCode } from "../../core/errors";
import { loadRunbooks } from "../../incident/load";
import { tenantFsAt } from "../../tenants";
import type { CliContext, CommandResult } from "../context";

export interface RunbooksValidateOptions {
  readonly paths: readonly string[];
}

export interface RunbooksValidateData {
  readonly ok: boolean;
  readonly files: number;
  readonly runbooks: string[];
  readonly diagnostics: readonly Diagnostic[];
}

/** `runbooks validate [paths…]`: schema, actions, approvals, onFailure targets and every {{ reference }}; all problems, located. */
export async function runbooksValidate(opts: RunbooksValidateOptions, ctx: CliContext): Promise<CommandResult<RunbooksValidateData>> {
  const set = loadRunbooks(opts.paths.length > 0 ? opts.paths : ["runbooks"], tenantFsAt(ctx.cwd));
  const ok = set.diagnostics.length === 0 && set.files.length > 0;
  const data: RunbooksValidateData = { ok, files: set.files.length, runbooks: set.runbooks.map((r) => r.id), diagnostics: set.diagnostics };
  return {
    data,
    exitCode: ok ? ExitCode.ok : ExitCode.invalidInput,
    text: () => {
      if (set.files.length === 0 && set.diagnostics.length === 0) return "no runbook files found";
      if (ok) return `ok: ${data.runbooks.length} runbook${data.runbooks.length === 1 ? "" : "s"} valid (${data.runbooks.join(", ")})`;
      const n = set.diagnostics.length;
      return `${set.diagnostics.map(formatDiagnostic).join("\n")}\n${n} problem${n === 1 ? "" : "s"}`;
    },
  };
}
