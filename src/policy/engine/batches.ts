import type { ResourceRecord } from "../../core/resource";
import { applySuppressions } from "../suppressions";
import { countByStatus, type Finding } from "../types";
import { ALL_CHECKS } from "../checks";
import { notEvaluatedReason, type Coverage } from "./coverage";
import { evaluate, type EvaluateOptions, type Evaluation, type NotApplicable } from "./evaluate";
import { resolvePolicies } from "./config";

const STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * `evaluate` over a stream of batches (tenants planned a batch at a time), with the same result as over all records
 * at once: resource checks judge each resource where it is; a stack check's pass stands only if no batch found a
 * problem; a check is not-evaluated only if no batch tested anything; suppressions are matched over everything.
 * `onBatch` sees each batch's records and findings before they are dropped. Findings come in batch order.
 */
export function evaluateBatches(batches: Iterable<readonly ResourceRecord[]>, options: EvaluateOptions, onBatch?: (records: readonly ResourceRecord[], findings: readonly Finding[]) => void): Evaluation {
  const kept: Finding[] = [];
  const notApplicable: NotApplicable[] = [];
  const stackPass = new Map<string, Finding>();
  const untested = new Map<string, Finding>();
  const tested = new Set<string>();
  let resources = 0;
  let checks = 0;
  let disabled = 0;
  let any = false;
  // the config is checked and each check's settings resolved once, not per batch
  const perBatch: EvaluateOptions = { ...options, suppressions: [], resolved: options.resolved ?? resolvePolicies(options.checks ?? ALL_CHECKS, options.packEnforcementLevel, options.config) };
  for (const batch of batches) {
    any = true;
    const ev = evaluate(batch, perBatch);
    resources += ev.summary.resources;
    checks = ev.summary.checks;
    disabled = ev.summary.disabled;
    notApplicable.push(...ev.notApplicable);
    for (const f of ev.findings) {
      if (f.status === "not-evaluated") {
        const before = untested.get(f.policy);
        if (before === undefined || rank(f) < rank(before)) untested.set(f.policy, f);
      } else if (f.status === "pass" && f.type === STACK_TYPE) {
        if (!stackPass.has(f.policy)) stackPass.set(f.policy, f);
      } else {
        tested.add(f.policy);
        kept.push(f);
      }
    }
    onBatch?.(batch, ev.findings);
  }
  if (!any) return evaluate([], options);
  for (const [policy, f] of stackPass) {
    if (!tested.has(policy)) kept.push(f);
    tested.add(policy);
  }
  const checkById = new Map((options.checks ?? ALL_CHECKS).map((c) => [c.id, c]));
  for (const [policy, f] of untested) {
    if (tested.has(policy)) continue;
    // a resource check skipped in several batches: one reason over all of them, as one evaluation would give it
    const check = checkById.get(policy);
    const skipped = notApplicable.filter((n) => n.policy === policy);
    if (check?.kind === "resource" && skipped.length > 0) {
      const cov: Coverage = { seen: skipped.length, notApplicable: skipped.map((n) => n.reason) };
      kept.push({ ...f, message: notEvaluatedReason(check.resourceTypes, cov, resources) });
    } else kept.push(f);
  }
  const { findings, unused } = applySuppressions(kept, options.suppressions ?? [], options.clock);
  const { "not-evaluated": notEvaluated, ...rest } = countByStatus(findings);
  return {
    summary: { resources, checks, ...rest, notEvaluated, disabled },
    findings,
    notApplicable,
    unusedSuppressions: unused,
    mandatoryFailed: findings.some((f) => (f.status === "fail" || f.status === "error") && f.enforcement === "mandatory"),
  };
}

/** Which batch's reason to keep for a check no batch tested: the most telling one (not-applicable over absent). */
function rank(f: Finding): number {
  if (f.message.includes("disabled by policy config")) return 0;
  if (f.message.includes("input is empty")) return 3;
  if (f.message.includes("no resources of type")) return 2;
  return 1;
}
