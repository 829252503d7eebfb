import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DiagnosticsError, type Diagnostic } from "../../config/diagnostics";
import { ExitCode, usageError } from "../../core/errors";
import { crossFileRules, loadTenants, parseTenant, TENANT_ID_PATTERN, tenantFsAt, type ParsedTenant } from "../../tenants";
import { stackRules } from "../../infra/stackRules";
import { readProjectStacks } from "../../plan/stackFiles";
import { flagForPath, renderTenantFile, type NewTenantInput } from "../../tenants/template";
import type { CliContext, CommandResult } from "../context";

export interface TenantsNewOptions extends NewTenantInput {
  readonly dir: string;
}

export interface TenantsNewData {
  readonly file: string;
  readonly id: string;
}

/**
 * `tenants new <id> …`: renders a commented tenant file, validates it alone and against the other tenants, and writes
 * it only if all is well. Never overwrites; the id is checked before it becomes part of a path.
 */
export async function tenantsNew(opts: TenantsNewOptions, ctx: CliContext): Promise<CommandResult<TenantsNewData>> {
  if (!TENANT_ID_PATTERN.test(opts.id)) {
    throw usageError(
      "E_TENANT_ID",
      `invalid tenant id ${JSON.stringify(opts.id)}: expected 3-40 characters of lower-case letters, digits and '-', starting with a letter and not ending with '-'`,
    );
  }
  const file = join(opts.dir, `${opts.id}.yaml`);
  const fs = tenantFsAt(ctx.cwd);
  const text = renderTenantFile(opts);
  const candidate = parseTenant(file, Buffer.from(text, "utf8"));
  const others = loadTenants([opts.dir], fs);
  if (others.files.includes(file)) {
    throw usageError("E_FILE_EXISTS", `${file} already exists; tenants new never overwrites (edit the file instead)`);
  }
  // Every other file's well-formed id and domains count, even when the rest of that file is broken.
  const existing: ParsedTenant[] = others.files.map((f) => parseTenant(f, fs.read(f)));
  const introduced = { introduced: (f: string) => f === file };
  // What AWS would refuse for the stacks that would deploy it (a region in another partition than the stack's).
  const stacks = candidate.tenant === undefined ? [] : readProjectStacks(ctx.cwd).stacks;
  const refused = candidate.tenant === undefined ? [] : stackRules(stacks, [candidate.tenant]).filter((d) => d.file === file);
  const problems: Diagnostic[] = [...candidate.diagnostics, ...crossFileRules([...existing, candidate], introduced).filter((d) => d.file === file), ...refused];
  if (problems.length > 0) {
    throw new DiagnosticsError(
      problems.map((d) => {
        const flag = flagForPath(d.path);
        return flag ? { ...d, message: `${d.message} (from ${flag})` } : d;
      }),
      `the new tenant ${opts.id} (nothing written)`,
    );
  }
  try {
    writeFileSync(resolve(ctx.cwd, file), text, { flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") throw usageError("E_FILE_EXISTS", `${file} already exists; tenants new never overwrites`);
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw usageError("E_NO_DIR", `folder ${opts.dir} does not exist`, "create it or pass --dir");
    throw err;
  }
  return {
    data: { file, id: opts.id },
    exitCode: ExitCode.ok,
    text: () => `wrote ${file}\nnext: review it, run \`npx emailmate-ops tenants validate\` and \`npx emailmate-ops plan\`, and open a pull request`,
  };
}
