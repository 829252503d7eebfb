import { join } from "node:path";
import { formatDiagnostic, type Diagnostic } from "../config/diagnostics";
import { loadTenants, parseTenant, tenantFsAt, tenantsConcerning, type Tenant } from "../tenants";
import type { CliContext } from "./context";

/**
 * The tenants, for a command about `ids`: problems in other tenants' files are warned about on stderr and do not
 * block it (`check` and `tenants validate` still fail on them); a problem that could concern `ids` does (exit 2).
 */
export function loadTenantsFor(dir: string, ctx: CliContext, ids: readonly string[]): readonly Tenant[] {
  const { tenants, others } = tenantsConcerning(loadTenants([dir], tenantFsAt(ctx.cwd)), ids);
  warnOtherTenants(ctx, others, ids);
  return tenants;
}

/** One warning line per problem in another tenant's file, so the operator knows and can fix it later. */
export function warnOtherTenants(ctx: CliContext, others: readonly Diagnostic[], ids: readonly string[]): void {
  if (others.length === 0) return;
  const files = [...new Set(others.map((d) => d.file))];
  const n = others.length;
  ctx.stderr(
    `warning: ${n} problem${n === 1 ? "" : "s"} in other tenant files (${files.join(", ")}); going on${ids.length > 0 ? ` for ${ids.join(", ")}` : ""}. ` +
      "`emailmate-ops tenants validate` lists them; `check` fails until they are fixed.\n",
  );
  for (const d of others) ctx.stderr(`warning: ${formatDiagnostic(d)}\n`);
}

/**
 * Finds a tenant by id for locating report findings: among `validated` tenants when the command has them, else by
 * reading `<dir>/<id>.yaml` on first use (only tenants with findings are read). Undefined when it cannot be read.
 */
export function tenantLookup(ctx: CliContext, dir: string, validated?: readonly Tenant[]): (id: string) => Tenant | undefined {
  if (validated !== undefined) {
    const byId = new Map(validated.map((t) => [t.id, t]));
    return (id) => byId.get(id);
  }
  const fs = tenantFsAt(ctx.cwd);
  const seen = new Map<string, Tenant | undefined>();
  return (id) => {
    if (!seen.has(id)) {
      const file = join(dir, `${id}.yaml`);
      let tenant: Tenant | undefined;
      try {
        tenant = parseTenant(file, fs.read(file)).tenant;
      } catch {
        tenant = undefined;
      }
      seen.set(id, tenant);
    }
    return seen.get(id);
  };
}
