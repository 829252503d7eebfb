import { ExitCode, usageError } from "../../core/errors";
import type { ResourceRecord } from "../../core/resource";
import { planStack, type PlanEngine, type PlanResult } from "../../plan";
import { describeResource } from "../../plan/describe";
import type { CliContext, CommandResult } from "../context";
import { progress } from "../context";
import { writeJsonStreamingArray } from "../jsonOut";
import { firstFew } from "../table";

export interface PlanCommandOptions {
  readonly tenants?: string;
  /** `--stack`, repeatable with --base; at most one without. */
  readonly stacks: readonly string[];
  readonly engine: PlanEngine;
  /** Compare with the files at this git ref. */
  readonly base?: string;
  readonly format: "text" | "md" | "json";
  readonly maxChars?: number;
}

/** `plan`: what the stack declares, grouped by tenant with each resource's key settings; `--json` the full records. With `--base`, the difference. */
export async function plan(opts: PlanCommandOptions, ctx: CliContext): Promise<CommandResult> {
  if (opts.base !== undefined) return planBase({ ...opts, base: opts.base }, ctx);
  if (opts.stacks.length > 1) throw usageError("E_USAGE", `--stack given ${opts.stacks.length} times; plan takes one stack (several only with --base)`);
  if (opts.format === "md" || opts.maxChars !== undefined) throw usageError("E_USAGE", "--format md and --max-chars need --base (the Markdown is the pull-request comment of a change)");
  const stack = opts.stacks[0];
  if (opts.engine === "mocks") progress(ctx, "running the Pulumi program under mocks…");
  const result = await planStack({
    cwd: ctx.cwd,
    engine: opts.engine,
    ...(stack === undefined ? {} : { stack }),
    ...(opts.tenants === undefined ? {} : { tenantsDir: opts.tenants }),
  });
  if (opts.engine === "mocks") progress(ctx, "");
  const writeJson = (write: (text: string) => void) => writeJsonStreamingArray(result, "resources", write);
  return {
    data: result,
    exitCode: ExitCode.ok,
    writeJson,
    text: () => {
      if (opts.format !== "json") return renderPlan(result);
      const parts: string[] = [];
      writeJson((t) => parts.push(t));
      return parts.join("");
    },
  };
}

async function planBase(opts: PlanCommandOptions & { base: string }, ctx: CliContext): Promise<CommandResult> {
  if (opts.engine !== "fast") throw usageError("E_USAGE", "--base compares with the fast engine only (the mocks engine gives the same resources, slower)");
  const { planDiff } = await import("../../plan/baseDiff");
  const diff = planDiff({
    cwd: ctx.cwd,
    base: opts.base,
    ...(opts.stacks.length > 0 ? { stacks: opts.stacks } : {}),
    ...(opts.tenants === undefined ? {} : { tenantsDir: opts.tenants }),
  });
  const text = async (): Promise<string> => {
    if (opts.format === "json") return JSON.stringify(diff, null, 2);
    if (opts.format === "md") {
      const { renderPlanDiffMarkdown } = await import("../../plan/diffMarkdown");
      return renderPlanDiffMarkdown(diff, { few: firstFew, ...(opts.maxChars === undefined ? {} : { maxChars: opts.maxChars }) });
    }
    const { renderPlanDiffText } = await import("../../plan/diffText");
    return renderPlanDiffText(diff, firstFew);
  };
  const rendered = await text();
  return { data: diff, exitCode: ExitCode.ok, text: () => rendered };
}

/** Resources grouped by tenant (platform first), one line each: type, name, key settings. */
export function renderPlan(result: PlanResult): string {
  const groups = new Map<string, ResourceRecord[]>();
  for (const r of result.resources) {
    const key = r.tenant ?? "";
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [r]);
    else list.push(r);
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
