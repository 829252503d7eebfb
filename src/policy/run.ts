import type { Clock } from "../core/clock";
import type { ResourceRecord } from "../core/resource";
import type { Tenant } from "../tenants";
import { ALL_CHECKS } from "./checks";
import type { PolicyPackConfig } from "./engine/config";
import { evaluateBatches } from "./engine/batches";
import { evaluate } from "./engine/evaluate";
import { readFileSource, readPolicyConfig, readSuppressions } from "./io";
import { toReport, type PolicyReport } from "./report/model";
import { fromPlan } from "./sources/plan";
import type { PolicySource } from "./sources/types";
import type { Suppression } from "./suppressions";
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
}

/** What was in force for a run: the policy config as read (undefined: none) and the suppressions. */
export interface PolicyInForce {
  readonly config?: PolicyPackConfig;
  readonly suppressions: readonly Suppression[];
}

/** Reads the source (the offline plan by default), suppressions and config, and evaluates every check. */
export async function runPolicyCheck(opts: RunPolicyOptions): Promise<{ source: PolicySource; report: PolicyReport; inForce: PolicyInForce }> {
  const known = new Set(ALL_CHECKS.map((c) => c.id));
  const suppressions = readSuppressions(opts.cwd, opts.suppressions, opts.clock, known);
  const config = readPolicyConfig(opts.cwd, opts.config);
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
  if (opts.stackExport !== undefined || opts.previewJson !== undefined) {
    const whole = await runPolicyCheck(opts);
    onBatch(whole.source.records, whole.report.findings);
    return whole;
  }
  const known = new Set(ALL_CHECKS.map((c) => c.id));
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
