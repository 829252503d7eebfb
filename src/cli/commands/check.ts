import { ExitCode, usageError } from "../../core/errors";
import { liveLine } from "./policy-check";
import type { LiveSummary } from "../../live/run";
import { DiagnosticsError } from "../../config/diagnostics";
import { selectShard } from "../../infra/stackModel";
import { summaryCounts, type PolicyReport } from "../../policy/report/model";
import { loadTenantsSince, withStackRules } from "./tenants-validate";
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
  /** Evidence ledger to append the run to (folder or s3://bucket/prefix). */
  readonly ledger?: string;
  readonly ledgerRetainDays?: number;
  /** KMS key to sign the evidence manifest with. */
  readonly signKey?: string;
  /** `--live`: check the deployed account; `stackExport` is then drift's deployed source. */
  readonly live?: boolean;
  readonly stackExport?: string;
  readonly region?: string;
  readonly profile?: string;
  /** A git ref: duplicate ids/domains are reported against the tenant files added or changed since it. */
  readonly base?: string;
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
  /** With --live: what was read and the drift summary (as in `policy check --live --json`). */
  readonly live?: LiveSummary;
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
  const set = withStackRules(loadTenantsSince([dir], opts.base, ctx), ctx);
  if (set.diagnostics.length > 0) throw new DiagnosticsError(set.diagnostics, "tenant files");
  // Every file is validated (ids and domains are unique across all shards); only this stack's shard is planned and checked.
  const shardTenants = selectShard(set.tenants, settings);
  progress(ctx, "validating runbooks…");
  const runbooks = await loadRunbooksForEvidence(opts.runbooks, ctx);
  if (opts.stackExport !== undefined && opts.live !== true) throw usageError("E_USAGE", "--stack-export applies to check only with --live (use `policy check --stack-export` to check a stack export)");
  progress(ctx, opts.live === true ? "planning, reading the account and checking…" : "planning and checking…");
  const { data: evidence, report } = await produceEvidence(
    {
      out: opts.out,
      stack: opts.stack,
      ...(opts.tenants !== undefined ? { tenants: opts.tenants } : {}),
      ...(opts.config !== undefined ? { config: opts.config } : {}),
      ...(opts.suppressions !== undefined ? { suppressions: opts.suppressions } : {}),
      ...(opts.ledger !== undefined ? { ledger: opts.ledger, ledgerRetainDays: opts.ledgerRetainDays ?? 730 } : {}),
      ...(opts.signKey !== undefined ? { signKey: opts.signKey } : {}),
      ...(opts.live === true ? { live: true } : {}),
      ...(opts.stackExport !== undefined ? { stackExport: opts.stackExport } : {}),
      ...(opts.region !== undefined ? { region: opts.region } : {}),
      ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
      validatedTenants: shardTenants,
      ...(runbooks !== undefined ? { validatedRunbooks: runbooks } : {}),
    },
    ctx,
  );
  progress(ctx, "");
  const failures = report.findings.filter((f) => f.status === "fail" || f.status === "error");
  const live = liveLine(report);
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
    ...((report as { live?: LiveSummary }).live !== undefined ? { live: (report as { live?: LiveSummary }).live } : {}),
  };
  return {
    data,
    exitCode: report.mandatoryFailed ? ExitCode.findings : ExitCode.ok,
    text: () => {
      const s = report.summary;
      const lines = [
        `tenants   ok: ${data.validatedTenants} valid${data.shard.count > 1 ? `; shard ${data.shard.index + 1}/${data.shard.count} holds ${data.tenants.length}` : ""} (${firstFew(data.tenants)})`,
        runbooks === undefined ? "runbooks  none (no runbooks/ folder)" : `runbooks  ok: ${data.runbooks.length} valid (${firstFew(data.runbooks)})`,
        ...(live === undefined ? [`plan      ${s.resources} resources in stack ${data.stack}`] : live.split("\n").map((l) => `${l.startsWith("live") ? "live " : "drift"}     ${l.slice(l.indexOf(":") + 2)}`)),
        `policy    ${s.checks} checks: ${summaryCounts(s)}`,
        ...failures.slice(0, MAX_FAILURE_LINES).map((f) => `  ${f.status === "error" ? "ERROR" : `FAIL (${f.enforcement})`} ${f.policy} ${f.name}: ${f.message}`),
        ...(failures.length > MAX_FAILURE_LINES ? [`  … and ${failures.length - MAX_FAILURE_LINES} more failures (all of them: --json, or ${evidence.out}/findings.csv)`] : []),
        `evidence  ${evidence.out}/ (${evidence.manifest.files.length + 1} files; controls: ${evidence.controls.map((c) => `${c.control} ${c.status}`).join(", ")})`,
        ...(evidence.signature ? [`signed    ${evidence.signature.keyId}`] : []),
        ...(evidence.ledger ? [`ledger    ${evidence.ledger.location}: record ${evidence.ledger.seq}`] : []),
        report.mandatoryFailed ? (s.fail > 0 ? "FAILED: a mandatory policy check failed" : "FAILED: a mandatory policy check could not run (error)") : "ok",
      ];
      return lines.join("\n");
    },
  };
}
