import { resolve } from "node:path";
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from "../../config/diagnostics";
import { stackRules } from "../../infra/stackRules";
import { readProjectStacks } from "../../plan/stackFiles";
import { ExitCode } from "../../core/errors";
import { changesSince } from "../../config/gitChanges";
import { loadTenants, parseTenant, tenantFsAt, trackingDomainVerifiedBeforeUse, type TenantSet } from "../../tenants";
import type { CliContext, CommandResult } from "../context";
import { firstFew } from "../table";

export interface TenantsValidateOptions {
  readonly paths: readonly string[];
  /** A git ref: duplicates are reported against the files added or changed since it. */
  readonly base?: string;
}

export interface TenantsValidateData {
  readonly ok: boolean;
  readonly files: number;
  readonly tenants: string[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * With `--base <ref>`, the tenants as a pull request changes them: the files it adds or changes are the ones that
 * introduce a duplicate, and a tracking domain it adds must rest on a sending domain the tenant already had.
 */
export function loadTenantsSince(paths: readonly string[], base: string | undefined, ctx: CliContext): TenantSet {
  const fs = tenantFsAt(ctx.cwd);
  if (base === undefined) return loadTenants(paths, fs);
  const since = changesSince(ctx.cwd, base);
  const isChanged = (file: string) => since.changed.has(resolve(ctx.cwd, file));
  const set = loadTenants(paths, fs, { introduced: isChanged });
  const more = set.files.filter(isChanged).flatMap((file) => {
    const now = parseTenant(file, fs.read(file));
    const before = since.readAtBase(file);
    return trackingDomainVerifiedBeforeUse(file, now.claims, now.positions, before === undefined ? undefined : parseTenant(file, before).claims);
  });
  return more.length === 0 ? set : withMore(set, more);
}

/** The set with more problems: they join the diagnostics, and their files' tenants are no longer usable. */
function withMore(set: TenantSet, more: readonly Diagnostic[]): TenantSet {
  const broken = new Set(more.map((d) => d.file));
  return { ...set, tenants: [], usable: set.usable.filter((t) => !broken.has(t.file)), diagnostics: sortDiagnostics([...set.diagnostics, ...more]) };
}

/**
 * The tenant set with the rules that need the project's stacks (Pulumi.<stack>.yaml): each stack's tenants in its
 * partition, each stack's region in its partition, no two platform stacks claiming one domain; a stack file that does
 * not validate adds its own located problems. Without stack files, the set as it was.
 */
export function withStackRules(set: TenantSet, ctx: CliContext): TenantSet {
  const { stacks, diagnostics } = readProjectStacks(ctx.cwd);
  const more = [...diagnostics, ...stackRules(stacks, set.usable)];
  return more.length === 0 ? set : withMore(set, more);
}

/** `tenants validate [paths…]`: every file, then the rules across files; all problems, located. */
export async function tenantsValidate(opts: TenantsValidateOptions, ctx: CliContext): Promise<CommandResult<TenantsValidateData>> {
  const paths = opts.paths.length > 0 ? opts.paths : ["tenants"];
  const loaded = loadTenantsSince(paths, opts.base, ctx);
  const set = withStackRules(loaded, ctx);
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
