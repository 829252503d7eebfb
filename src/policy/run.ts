import type { Clock } from "../core/clock";
import type { ResourceRecord } from "../core/resource";
import type { Tenant } from "../tenants";
import { LIVE_RULES } from "../live/rules";
import { ALL_CHECKS } from "./checks";
import type { PolicyPackConfig } from "./engine/config";
import { evaluateBatches } from "./engine/batches";
import { evaluate } from "./engine/evaluate";
import { usageError } from "../core/errors";
import { readFileSource, readPolicyConfig, readSuppressions } from "./io";
import type { Suppression } from "./suppressions";
import { toReport, type PolicyReport } from "./report/model";
import { fromPlan } from "./sources/plan";
import type { PolicySource } from "./sources/types";
import type { Finding } from "./types";

export interface RunPolicyOptions {
  readonly cwd: string;
  readonly clock: Clock;
  readonly stackExport?: string;
  readonly previewJson?: string;
  readonly stack?: string;
  readonly tenantsDir?: string;
  /** Already-validated tenants (the main job validates them first). */
  readonly tenants?: readonly Tenant[];
  readonly config?: string;
  readonly suppressions?: string;
  /** Check the deployed account instead (`--live`): the plan and any stack export become drift's other sources. */
  readonly live?: { readonly region?: string; readonly profile?: string; readonly env: Readonly<Record<string, string | undefined>> };
}

/** What was in force for a run: the policy config as read (undefined: none) and the suppressions. */
export interface PolicyInForce {
  readonly config?: PolicyPackConfig;
  readonly suppressions: readonly Suppression[];
}

/** Reads the source (the offline plan by default), suppressions and config, and evaluates every check. */
export async function runPolicyCheck(opts: RunPolicyOptions): Promise<{ source: PolicySource; report: PolicyReport; inForce: PolicyInForce }> {
  // Drift and collection rules may be suppressed too (they only report with --live).
  const known = new Set([...ALL_CHECKS, ...LIVE_RULES].map((c) => c.id));
  const suppressions = readSuppressions(opts.cwd, opts.suppressions, opts.clock, known);
  const config = readPolicyConfig(opts.cwd, opts.config);
  if (opts.live !== undefined) return { ...(await runLiveCheck(opts, opts.live, suppressions, config)), inForce: { ...(config !== undefined ? { config } : {}), suppressions } };
  let source: PolicySource;
  if (opts.stackExport !== undefined || opts.previewJson !== undefined) {
    source = readFileSource(opts.cwd, opts);
  } else {
    const { planStack } = await import("../plan");
    const plan = await planStack({
      cwd: opts.cwd,
      ...(opts.stack !== undefined ? { stack: opts.stack } : {}),
      ...(opts.tenantsDir !== undefined ? { tenantsDir: opts.tenantsDir } : {}),
      ...(opts.tenants !== undefined ? { tenants: opts.tenants } : {}),
    });
    source = fromPlan(plan);
  }
  const evaluation = evaluate(source.records, {
    clock: opts.clock,
    suppressions,
    ...(config !== undefined ? { config } : {}),
    ...(source.collectionErrors !== undefined ? { collectionErrors: source.collectionErrors } : {}),
  });
  return { source, report: toReport(source, evaluation), inForce: { ...(config !== undefined ? { config } : {}), suppressions } };
}

/**
 * runPolicyCheck over the offline plan, planned and judged `batchTenants` tenants at a time: the records of a batch
 * are dropped once judged (`onBatch` sees them first), so memory holds the findings, not the whole plan. The source
 * it returns carries no records. For file sources (read whole anyway) it is runPolicyCheck.
 */
export async function runPolicyCheckBatched(
  opts: RunPolicyOptions,
  batchTenants: number,
  onBatch: (records: readonly ResourceRecord[], findings: readonly Finding[]) => void,
): Promise<{ source: PolicySource; report: PolicyReport; inForce: PolicyInForce }> {
  // file sources are read whole anyway, and --live compares whole sources
  if (opts.stackExport !== undefined || opts.previewJson !== undefined || opts.live !== undefined) {
    const whole = await runPolicyCheck(opts);
    onBatch(whole.source.records, whole.report.findings);
    return whole;
  }
  const known = new Set([...ALL_CHECKS, ...LIVE_RULES].map((c) => c.id));
  const suppressions = readSuppressions(opts.cwd, opts.suppressions, opts.clock, known);
  const config = readPolicyConfig(opts.cwd, opts.config);
  const { planBatches } = await import("../plan");
  const planOpts = {
    cwd: opts.cwd,
    ...(opts.stack !== undefined ? { stack: opts.stack } : {}),
    ...(opts.tenantsDir !== undefined ? { tenantsDir: opts.tenantsDir } : {}),
    ...(opts.tenants !== undefined ? { tenants: opts.tenants } : {}),
  };
  let stack: string | undefined;
  const batches = function* () {
    for (const plan of planBatches(planOpts, batchTenants)) {
      stack = plan.stack;
      yield fromPlan(plan).records;
    }
  };
  const evaluation = evaluateBatches(batches(), { clock: opts.clock, suppressions, ...(config !== undefined ? { config } : {}) }, onBatch);
  const source: PolicySource = { kind: "plan", ...(stack !== undefined ? { stack } : {}), records: [] };
  return { source, report: toReport(source, evaluation), inForce: { ...(config !== undefined ? { config } : {}), suppressions } };
}

async function runLiveCheck(
  opts: RunPolicyOptions,
  live: NonNullable<RunPolicyOptions["live"]>,
  suppressions: Suppression[],
  config: PolicyPackConfig | undefined,
): Promise<{ source: PolicySource; report: PolicyReport }> {
  if (opts.previewJson !== undefined) throw usageError("E_USAGE", "--live compares the plan, a stack export and the account; --preview-json cannot be one of them");
  const [{ planStack, readStackFile }, { runLive }, { liveSettings }] = await Promise.all([import("../plan"), import("../live/run"), import("../live/settings")]);
  const settings = liveSettings(live, live.env);
  const deployed = opts.stackExport !== undefined ? readFileSource(opts.cwd, { stackExport: opts.stackExport }) : undefined;
  const plan = await planStack({
    cwd: opts.cwd,
    ...(opts.stack !== undefined ? { stack: opts.stack } : {}),
    ...(opts.tenantsDir !== undefined ? { tenantsDir: opts.tenantsDir } : {}),
    ...(opts.tenants !== undefined ? { tenants: opts.tenants } : {}),
  });
  let region: string;
  try {
    region = readStackFile(opts.cwd, plan.stack).settings.region;
  } catch {
    region = settings.regions?.[0] ?? live.env.AWS_REGION ?? "eu-west-1";
  }
  return runLive({
    clock: opts.clock,
    declared: { stack: plan.stack, records: fromPlan(plan).records, region },
    ...(deployed !== undefined ? { deployed } : {}),
    ...(settings.regions !== undefined ? { regions: settings.regions } : {}),
    aws: settings.aws,
    ...(config !== undefined ? { config } : {}),
    suppressions,
  });
}
