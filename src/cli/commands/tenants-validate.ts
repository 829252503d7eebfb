import { formatDiagnostic, type Diagnostic } from "../../config/diagnostics";
import { ExitCode } from "../../core/errors";
import { loadTenants, tenantFsAt } from "../../tenants";
import type { CliContext, CommandResult } from "../context";
import { firstFew } from "../table";

export interface TenantsValidateOptions {
  readonly paths: readonly string[];
}

export interface TenantsValidateData {
  readonly ok: boolean;
  readonly files: number;
  readonly tenants: string[];
  readonly diagnostics: readonly Diagnostic[];
}

/** `tenants validate [paths…]`: every file, then the rules across files; all problems, located. */
export async function tenantsValidate(opts: TenantsValidateOptions, ctx: CliContext): Promise<CommandResult<TenantsValidateData>> {
  const paths = opts.paths.length > 0 ? opts.paths : ["tenants"];
  const set = loadTenants(paths, tenantFsAt(ctx.cwd));
  const ok = set.diagnostics.length === 0;
  const data: TenantsValidateData = { ok, files: set.files.length, tenants: set.tenants.map((t) => t.id), diagnostics: set.diagnostics };
  return {
    data,
    exitCode: ok ? ExitCode.ok : ExitCode.invalidInput,
    text: () => {
      if (ok && data.files === 0) return `ok: no tenant files (*.yaml) in ${paths.join(", ")}`;
      if (ok) return `ok: ${data.tenants.length} tenant${data.tenants.length === 1 ? "" : "s"} valid (${firstFew(data.tenants)})`;
      const files = new Set(set.diagnostics.map((d) => d.file)).size;
      const n = set.diagnostics.length;
      return `${set.diagnostics.map(formatDiagnostic).join("\n")}\n${n} problem${n === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}`;
    },
  };
}
