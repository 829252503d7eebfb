import { ExitCode } from "../../core/errors";
import { DiagnosticsError } from "../../config/diagnostics";
import { selectShard } from "../../infra/stackModel";
import { loadTenants, tenantFsAt } from "../../tenants";
import type { PolicyReport } from "../../policy/report/model";
import type { Summary } from "../../policy/engine/evaluate";
import type { CliContext, CommandResult } from "../context";
import { progress } from "../context";
import { firstFew } from "../table";
import { loadRunbooksForEvidence, produceEvidence, type EvidenceData } from "./evidence";

/** Failures listed one per line before "and N more". */
const MAX_FAILURE_LINES = 20;

export interface CheckOptions {
  readonly out: string;
  readonly stack: string;
  readonly tenants?: string;
  readonly config?: string;
  readonly suppressions?: string;
  readonly runbooks?: string;
}

export interface CheckData {
  readonly ok: boolean;
  readonly stack: string;
  /** Tenants of the checked stack (its shard), sorted; every tenant file was validated. */
  readonly tenants: readonly string[];
  /** How many tenant files were validated (all of them, whatever the shard). */
  readonly validatedTenants: number;
  readonly shard: { readonly index: number; readonly count: number };
  /** Validated runbook ids (empty when the project has no runbooks/ folder). */
  readonly runbooks: readonly string[];
  readonly policy: Summary;
  readonly failures: PolicyReport["findings"];
  readonly evidence: EvidenceData;
}

/**
 * The main job: validate the tenant files and runbooks → plan the stack offline → run every policy check → write the SOC 2
 * evidence bundle into `out/`. Exit 2 on invalid tenants (nothing written), 1 when a mandatory check fails, else 0.
 */
export async function check(opts: CheckOptions, ctx: CliContext): Promise<CommandResult<CheckData>> {
  progress(ctx, "validating tenants…");
  const { readStackFile } = await import("../../plan");
  const settings = readStackFile(ctx.cwd, opts.stack).settings;
  const dir = opts.tenants ?? settings.tenantsDir;
  const set = loadTenants([dir], tenantFsAt(ctx.cwd));
  if (set.diagnostics.length > 0) throw new DiagnosticsError(set.diagnostics, "tenant files");
  // Every file is validated (ids and domains are unique across all shards); only this stack's shard is planned and checked.
  const shardTenants = selectShard(set.tenants, settings);
  progress(ctx, "validating runbooks…");
  const runbooks = loadRunbooksForEvidence(opts.runbooks, ctx);
  progress(ctx, "planning and checking…");
  const { data: evidence, report } = await produceEvidence(
    {
      out: opts.out,
      stack: opts.stack,
      ...(opts.tenants !== undefined ? { tenants: opts.tenants } : {}),
      ...(opts.config !== undefined ? { config: opts.config } : {}),
      ...(opts.suppressions !== undefined ? { suppressions: opts.suppressions } : {}),
      validatedTenants: shardTenants,
      ...(runbooks !== undefined ? { validatedRunbooks: runbooks } : {}),
    },
    ctx,
  );
  progress(ctx, "");
  const failures = report.findings.filter((f) => f.status === "fail");
  const data: CheckData = {
    ok: !report.mandatoryFailed,
    stack: report.source.stack ?? opts.stack,
    tenants: shardTenants.map((t) => t.id),
    validatedTenants: set.tenants.length,
    shard: { index: settings.tenantShard, count: settings.tenantShards },
    runbooks: (runbooks ?? []).map((r) => r.id),
    policy: report.summary,
    failures,
    evidence,
  };
  return {
    data,
    exitCode: report.mandatoryFailed ? ExitCode.findings : ExitCode.ok,
    text: () => {
      const s = report.summary;
      const lines = [
        `tenants   ok: ${data.validatedTenants} valid${data.shard.count > 1 ? `; shard ${data.shard.index + 1}/${data.shard.count} holds ${data.tenants.length}` : ""} (${firstFew(data.tenants)})`,
        runbooks === undefined ? "runbooks  none (no runbooks/ folder)" : `runbooks  ok: ${data.runbooks.length} valid (${firstFew(data.runbooks)})`,
        `plan      ${s.resources} resources in stack ${data.stack}`,
        `policy    ${s.checks} checks: ${s.pass} pass, ${s.fail} fail, ${s.manual} manual, ${s.suppressed} suppressed`,
        ...failures.slice(0, MAX_FAILURE_LINES).map((f) => `  FAIL (${f.enforcement}) ${f.policy} ${f.name}: ${f.message}`),
        ...(failures.length > MAX_FAILURE_LINES ? [`  … and ${failures.length - MAX_FAILURE_LINES} more failures (all of them: --json, or ${evidence.out}/findings.csv)`] : []),
        `evidence  ${evidence.out}/ (${evidence.manifest.files.length + 1} files; controls: ${evidence.controls.map((c) => `${c.control} ${c.status}`).join(", ")})`,
        report.mandatoryFailed ? "FAILED: a mandatory policy check failed" : "ok",
      ];
      return lines.join("\n");
    },
  };
}
