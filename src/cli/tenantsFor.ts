import { formatDiagnostic, type Diagnostic } from "../config/diagnostics";
import { loadTenants, tenantFsAt, tenantsConcerning, type Tenant } from "../tenants";
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
