import type { Clock } from "../../core/clock";
import { recordsByUrn, type ResourceRecord } from "../../core/resource";
import { ALL_CHECKS } from "../checks";
import { applySuppressions, type Suppression } from "../suppressions";
import { urnStackProject } from "../tenancy";
import {
  NotApplicableError,
  type Check,
  countByStatus,
  type CheckStatus,
  type EnforcementLevel,
  type Finding,
  type FindingEnforcement,
  type ResourceArgs,
  type StackArgs,
  type StackResource,
} from "../types";
import { isSecretish, readable, UnknownValueError } from "../values";
import type { CollectionError } from "../sources/types";
import { notEvaluatedReason, noteCoverage, type Coverage } from "./coverage";
import { resolvePolicies, type PolicyPackConfig, type ResolvedPolicy } from "./config";

export interface EvaluateOptions {
  readonly checks?: readonly Check[];
  /** The pack's enforcement level (used for checks that set none); Pulumi's default is advisory. */
  readonly packEnforcementLevel?: EnforcementLevel;
  readonly config?: PolicyPackConfig;
  readonly suppressions?: readonly Suppression[];
  /** Judges suppression expiry. */
  readonly clock: Clock;
  /** What the source could not collect: checks reading those types report `error` (never `pass`). */
  readonly collectionErrors?: readonly CollectionError[];
  /** The checks already resolved against the config (evaluateBatches resolves once for all its batches). */
  readonly resolved?: readonly ResolvedPolicy[];
}

export interface NotApplicable {
  readonly policy: string;
  readonly urn: string;
  readonly reason: string;
}

export interface Summary {
  readonly resources: number;
  readonly checks: number;
  readonly pass: number;
  readonly fail: number;
  readonly manual: number;
  readonly suppressed: number;
  /** Checks that tested nothing (one finding each, with the reason). */
  readonly notEvaluated: number;
  /** Findings of checks that crashed or whose data could not be collected. */
  readonly error: number;
  /** Checks disabled by policy config (reported as `not-evaluated`, not tested). */
  readonly disabled: number;
}

export interface Evaluation {
  readonly summary: Summary;
  readonly findings: readonly Finding[];
  readonly notApplicable: readonly NotApplicable[];
  /** Suppression entries that matched no failure (stale: remove them). */
  readonly unusedSuppressions: readonly Suppression[];
  /** Whether a mandatory check failed or could not run (`error`): the exit code is 1 then. */
  readonly mandatoryFailed: boolean;
}

/** Resources the engine does not hand to policies as ordinary resources. */
function isInternal(type: string): boolean {
  return type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:");
}

const effective = (level: EnforcementLevel): FindingEnforcement => (level === "advisory" ? "advisory" : "mandatory");

/**
 * Runs the checks over resource records with the Pulumi engine's semantics: type filter, enforcement level
 * (config > policy > pack > advisory; remediate reports as mandatory; disabled skips), per-policy config with
 * defaults, `notApplicable`, and values the check cannot know (→ `manual`, never `pass`). Resource checks judge
 * inputs (`props`); stack checks judge outputs. Pure.
 */
export function evaluate(records: readonly ResourceRecord[], options: EvaluateOptions): Evaluation {
  const resolved = options.resolved ?? resolvePolicies(options.checks ?? ALL_CHECKS, options.packEnforcementLevel, options.config);
  const policies = resolved.filter((p) => p.enforcementLevel !== "disabled");
  const disabled = resolved.filter((p) => p.enforcementLevel === "disabled");
  const collectionErrors = options.collectionErrors ?? [];
  const resources = records.filter((r) => !isInternal(r.type));
  const findings: Finding[] = [];
  const notApplicable: NotApplicable[] = [];
  const stackRef = stackIdentity(records);

  const finding = (p: ResolvedPolicy, status: CheckStatus, message: string, r?: ResourceRecord): Finding => {
    const { id: policy, severity, controls } = p.check;
    const enforcement = effective(p.enforcementLevel);
    if (r === undefined) return { policy, status, enforcement, severity, urn: stackRef.urn, type: "pulumi:pulumi:Stack", name: stackRef.name, message, controls };
    // the documented key order: …, name, tenant, message, controls
    if (r.tenant !== undefined) return { policy, status, enforcement, severity, urn: r.urn, type: r.type, name: r.name, tenant: r.tenant, message, controls };
    return { policy, status, enforcement, severity, urn: r.urn, type: r.type, name: r.name, message, controls };
  };
  const getConfigOf = new Map(policies.map((p) => [p, () => p.config as never]));

  const resourcePolicies = policies.filter((p) => p.check.kind === "resource");
  const byType = new Map<string, ResolvedPolicy[]>();
  for (const p of resourcePolicies) {
    if (p.check.kind !== "resource") continue;
    for (const t of p.check.resourceTypes) byType.set(t, [...(byType.get(t) ?? []), p]);
  }

  const coverage = new Map<ResolvedPolicy, Coverage>(resourcePolicies.map((p) => [p, { seen: 0, notApplicable: [] }]));
  for (const r of resources) {
    const applicable = byType.get(r.type);
    if (applicable === undefined) continue;
    const props = readable(r.props);
    const isSecret = (key: string) => isSecretish(r.props[key]);
    for (const p of applicable) {
      if (p.check.kind !== "resource") continue;
      const violations: string[] = [];
      const cov = coverage.get(p)!;
      cov.seen++;
      const args: ResourceArgs<never> = { type: r.type, props, urn: r.urn, name: r.name, getConfig: getConfigOf.get(p)!, notApplicable: throwNotApplicable, isSecret };
      try {
        p.check.validateResource(args, (m) => violations.push(m));
      } catch (err) {
        if (err instanceof NotApplicableError) {
          notApplicable.push({ policy: p.check.id, urn: r.urn, reason: err.reason });
          noteCoverage(cov, err.reason);
          continue;
        }
        if (!(err instanceof UnknownValueError)) {
          findings.push(finding(p, "error", checkError(err), r));
          continue;
        }
        for (const v of violations) findings.push(finding(p, "fail", v, r));
        findings.push(finding(p, "manual", `cannot check: ${err.message}`, r));
        continue;
      }
      if (violations.length === 0) findings.push(finding(p, "pass", "compliant", r));
      else for (const v of violations) findings.push(finding(p, "fail", v, r));
    }
  }
  for (const p of resourcePolicies) {
    if (p.check.kind !== "resource") continue;
    const failed = collectionErrors.filter((e) => e.resourceType === undefined || p.check.kind === "resource" && p.check.resourceTypes.includes(e.resourceType));
    for (const e of failed) findings.push(finding(p, "error", `error: could not collect ${e.resourceType ?? "resources"}: ${e.message}`));
    const cov = coverage.get(p)!;
    if (failed.length === 0 && cov.seen === cov.notApplicable.length) {
      findings.push(finding(p, "not-evaluated", notEvaluatedReason(p.check.resourceTypes, cov, resources.length)));
    }
  }

  const stackPolicies = policies.filter((p) => p.check.kind === "stack");
  // only a failing stack check needs the resource behind a URN
  const recordOf = recordsByUrn(resources);
  const stackResources: StackResource[] = stackPolicies.length === 0 ? [] : resources.map(stackResource);
  for (const p of stackPolicies) {
    if (p.check.kind !== "stack") continue;
    if (resources.length === 0) {
      findings.push(finding(p, "not-evaluated", "not evaluated: the input is empty (no resources)"));
      continue;
    }
    const violations: { message: string; urn?: string }[] = [];
    const args: StackArgs<never> = { resources: stackResources, getConfig: getConfigOf.get(p)!, notApplicable: throwNotApplicable };
    const emit = () => {
      for (const v of violations) findings.push(finding(p, "fail", v.message, v.urn === undefined ? undefined : recordOf(v.urn)));
    };
    try {
      p.check.validateStack(args, (message, urn) => violations.push({ message, urn }));
    } catch (err) {
      if (err instanceof NotApplicableError) {
        notApplicable.push({ policy: p.check.id, urn: stackRef.urn, reason: err.reason });
        findings.push(finding(p, "not-evaluated", `not evaluated: ${err.reason}`));
        continue;
      }
      if (!(err instanceof UnknownValueError)) {
        emit();
        findings.push(finding(p, "error", checkError(err)));
        continue;
      }
      emit();
      findings.push(finding(p, "manual", `cannot check: ${err.message}`));
      continue;
    }
    const missing = collectionErrors.filter((e) => e.resourceType === undefined || p.check.kind !== "stack" || p.check.readsTypes === undefined || p.check.readsTypes.includes(e.resourceType));
    if (missing.length > 0) {
      // a stack check judges the whole population: with part of what it reads missing, a pass would claim too much
      emit();
      for (const e of missing) findings.push(finding(p, "error", `error: could not collect ${e.resourceType ?? "resources"}, so the stack is incomplete: ${e.message}`));
    } else if (violations.length === 0) findings.push(finding(p, "pass", "compliant"));
    else emit();
  }
  for (const p of disabled) {
    findings.push({ ...finding(p, "not-evaluated", "not evaluated: the check is disabled by policy config (enforcementLevel: disabled); not tested"), enforcement: "advisory" });
  }

  const { findings: final, unused } = applySuppressions(findings, options.suppressions ?? [], options.clock);
  const { "not-evaluated": notEvaluated, ...rest } = countByStatus(final);
  return {
    summary: { resources: resources.length, checks: policies.length, ...rest, notEvaluated, disabled: disabled.length },
    findings: final,
    notApplicable,
    unusedSuppressions: unused,
    mandatoryFailed: final.some((f) => (f.status === "fail" || f.status === "error") && f.enforcement === "mandatory"),
  };
}

/** A record as stack checks see it: outputs over inputs, with what is known of parent, id and tenant. */
function stackResource(r: ResourceRecord): StackResource {
  const out: { -readonly [K in keyof StackResource]: StackResource[K] } = { type: r.type, urn: r.urn, name: r.name, props: readable(r.outputs ?? r.props) };
  if (r.parent !== undefined) out.parent = r.parent;
  if (r.id !== undefined) out.id = r.id;
  if (r.tenant !== undefined) out.tenant = r.tenant;
  return out;
}

function throwNotApplicable(reason?: string): never {
  throw new NotApplicableError(reason ?? "not applicable");
}

/** A check that throws is a bug in the check or an input it cannot read: an `error` finding, never a pass. */
function checkError(err: unknown): string {
  return `error: the check could not run: ${err instanceof Error ? err.message : String(err)}`;
}

/** The stack's own URN and name, derived from any resource URN (`urn:pulumi:<stack>::<project>::…`). */
function stackIdentity(records: readonly ResourceRecord[]): { urn: string; name: string } {
  const root = records.find((r) => r.type === "pulumi:pulumi:Stack");
  if (root !== undefined) return { urn: root.urn, name: root.name };
  let sp: { stack: string; project: string } | undefined;
  for (const r of records) if ((sp = urnStackProject(r.urn)) !== undefined) break;
  if (sp === undefined) return { urn: "", name: "stack" };
  const name = `${sp.project}-${sp.stack}`;
  return { urn: `urn:pulumi:${sp.stack}::${sp.project}::pulumi:pulumi:Stack::${name}`, name };
}
