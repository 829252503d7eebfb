import { ExitCode } from "../../core/errors";
import type { ResourceRecord } from "../../core/resource";
import { planStack, type PlanEngine, type PlanResult } from "../../plan";
import { describeResource } from "../../plan/describe";
import type { CliContext, CommandResult } from "../context";
import { progress } from "../context";

export interface PlanCommandOptions {
  readonly tenants?: string;
  readonly stack?: string;
  readonly engine: PlanEngine;
}

/** `plan`: what the stack declares, grouped by tenant with each resource's key settings; `--json` the full records. */
export async function plan(opts: PlanCommandOptions, ctx: CliContext): Promise<CommandResult<PlanResult>> {
  if (opts.engine === "mocks") progress(ctx, "running the Pulumi program under mocks…");
  const result = await planStack({
    cwd: ctx.cwd,
    engine: opts.engine,
    ...(opts.stack === undefined ? {} : { stack: opts.stack }),
    ...(opts.tenants === undefined ? {} : { tenantsDir: opts.tenants }),
  });
  if (opts.engine === "mocks") progress(ctx, "");
  return { data: result, exitCode: ExitCode.ok, text: () => renderPlan(result) };
}

/** Resources grouped by tenant (platform first), one line each: type, name, key settings. */
export function renderPlan(result: PlanResult): string {
  const groups = new Map<string, ResourceRecord[]>();
  for (const r of result.resources) {
    const key = r.tenant ?? "";
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const lines: string[] = [`stack ${result.stack}: ${result.resources.length} resources, ${result.tenants.length} tenant(s)`];
  for (const [tenant, records] of groups) {
    lines.push("", tenant === "" ? `platform (${records.length} resources)` : `tenant ${tenant} (${records.length} resources)`);
    for (const r of records) {
      const settings = describeResource(r);
      const kind = r.parent === undefined ? "component" : r.type.split(":").pop();
      lines.push(`  ${kind} ${r.name}${settings === "" ? "" : `  ${settings}`}`);
    }
  }
  return lines.join("\n");
}
