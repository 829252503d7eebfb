import { ExitCode } from "../../core/errors";
import { loadTenantsOrThrow, tenantFsAt } from "../../tenants";
import type { CliContext, CommandResult } from "../context";
import { table } from "../table";

export interface TenantsListOptions {
  readonly dir: string;
}

export interface TenantSummary {
  readonly id: string;
  readonly name: string;
  readonly plan: string;
  readonly region: string;
  readonly domains: readonly string[];
}

/** `tenants list`: the valid tenants, one line each. Invalid files stop it with their diagnostics (exit 2). */
export async function tenantsList(opts: TenantsListOptions, ctx: CliContext): Promise<CommandResult<{ tenants: TenantSummary[] }>> {
  const tenants = loadTenantsOrThrow([opts.dir], tenantFsAt(ctx.cwd)).map((t) => ({
    id: t.id,
    name: t.name,
    plan: t.plan,
    region: t.region,
    domains: t.sending.domains,
  }));
  return {
    data: { tenants },
    exitCode: ExitCode.ok,
    text: () =>
      tenants.length === 0
        ? `no tenants in ${opts.dir}`
        : table(
            ["ID", "PLAN", "REGION", "DOMAINS"],
            tenants.map((t) => [t.id, t.plan, t.region, t.domains.join(", ")]),
          ),
  };
}
