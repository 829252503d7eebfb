import type { Clock } from "../../core/clock";
import type { ResourceRecord } from "../../core/resource";
import { ALL_CHECKS } from "../checks";
import { applySuppressions, type Suppression } from "../suppressions";
import { urnStackProject } from "../tenancy";
import {
  NotApplicableError,
  type Check,
  type CheckStatus,
  type EnforcementLevel,
  type Finding,
  type FindingEnforcement,
  type ResourceArgs,
  type StackArgs,
  type StackResource,
} from "../types";
import { isSecretish, readable, UnknownValueError } from "../values";
import { resolvePolicies, type PolicyPackConfig, type ResolvedPolicy } from "./config";

export interface EvaluateOptions {
  readonly checks?: readonly Check[];
  /** The pack's enforcement level (used for checks that set none); Pulumi's default is advisory. */
  readonly packEnforcementLevel?: EnforcementLevel;
  readonly config?: PolicyPackConfig;
  readonly suppressions?: readonly Suppression[];
  /** Judges suppression expiry. */
  readonly clock: Clock;
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
  /** Results that could not be produced (live collection errors). */
  readonly error: number;
}

export interface Evaluation {
  readonly summary: Summary;
  readonly findings: readonly Finding[];
  readonly notApplicable: readonly NotApplicable[];
  /** Suppression entries that matched no failure (stale: remove them). */
  readonly unusedSuppressions: readonly Suppression[];
  /** Whether a mandatory check failed (the exit code is 1 then). */
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
  const policies = resolvePolicies(options.checks ?? ALL_CHECKS, options.packEnforcementLevel, options.config).filter(
    (p) => p.enforcementLevel !== "disabled",
  );
  const resources = records.filter((r) => !isInternal(r.type));
  const findings: Finding[] = [];
  const notApplicable: NotApplicable[] = [];
  const stackRef = stackIdentity(records);

  const finding = (p: ResolvedPolicy, status: CheckStatus, message: string, r?: ResourceRecord): Finding => {
    const f: { -readonly [K in keyof Finding]: Finding[K] } = {
      policy: p.check.id,
      status,
      enforcement: effective(p.enforcementLevel),
      severity: p.check.severity,
      urn: r === undefined ? stackRef.urn : r.urn,
      type: r === undefined ? "pulumi:pulumi:Stack" : r.type,
      name: r === undefined ? stackRef.name : r.name,
      message,
      controls: p.check.controls,
    };
    if (r?.tenant !== undefined) {
      // keep the documented key order: …, name, tenant, message, controls
      return { policy: f.policy, status, enforcement: f.enforcement, severity: f.severity, urn: f.urn, type: f.type, name: f.name, tenant: r.tenant, message, controls: f.controls };
    }
    return f;
  };
  const getConfigOf = new Map(policies.map((p) => [p, () => p.config as never]));

  const resourcePolicies = policies.filter((p) => p.check.kind === "resource");
  const byType = new Map<string, ResolvedPolicy[]>();
  for (const p of resourcePolicies) {
    if (p.check.kind !== "resource") continue;
    for (const t of p.check.resourceTypes) byType.set(t, [...(byType.get(t) ?? []), p]);
  }

  for (const r of resources) {
    const applicable = byType.get(r.type);
    if (applicable === undefined) continue;
    const props = readable(r.props);
    const isSecret = (key: string) => isSecretish(r.props[key]);
    for (const p of applicable) {
      if (p.check.kind !== "resource") continue;
      const violations: string[] = [];
      const args: ResourceArgs<never> = { type: r.type, props, urn: r.urn, name: r.name, getConfig: getConfigOf.get(p)!, notApplicable: throwNotApplicable, isSecret };
      try {
        p.check.validateResource(args, (m) => violations.push(m));
      } catch (err) {
        if (err instanceof NotApplicableError) {
          notApplicable.push({ policy: p.check.id, urn: r.urn, reason: err.reason });
          continue;
        }
        if (!(err instanceof UnknownValueError)) throw checkError(p.check.id, r.urn, err);
        for (const v of violations) findings.push(finding(p, "fail", v, r));
        findings.push(finding(p, "manual", `cannot check: ${err.message}`, r));
        continue;
      }
      if (violations.length === 0) findings.push(finding(p, "pass", "compliant", r));
      else for (const v of violations) findings.push(finding(p, "fail", v, r));
    }
  }

  const stackPolicies = policies.filter((p) => p.check.kind === "stack");
  const byUrn = new Map(stackPolicies.length === 0 ? [] : resources.map((r) => [r.urn, r]));
  const stackResources: StackResource[] = stackPolicies.length === 0 ? [] : resources.map((r) => ({
    type: r.type,
    urn: r.urn,
    name: r.name,
    props: readable(r.outputs ?? r.props),
    ...(r.parent !== undefined ? { parent: r.parent } : {}),
    ...(r.id !== undefined ? { id: r.id } : {}),
    ...(r.tenant !== undefined ? { tenant: r.tenant } : {}),
  }));
  for (const p of stackPolicies) {
    if (p.check.kind !== "stack") continue;
    const violations: { message: string; urn?: string }[] = [];
    const args: StackArgs<never> = { resources: stackResources, getConfig: getConfigOf.get(p)!, notApplicable: throwNotApplicable };
    const emit = () => {
      for (const v of violations) findings.push(finding(p, "fail", v.message, v.urn === undefined ? undefined : byUrn.get(v.urn)));
    };
    try {
      p.check.validateStack(args, (message, urn) => violations.push({ message, urn }));
    } catch (err) {
      if (err instanceof NotApplicableError) {
        notApplicable.push({ policy: p.check.id, urn: stackRef.urn, reason: err.reason });
        continue;
      }
      if (!(err instanceof UnknownValueError)) throw checkError(p.check.id, stackRef.urn, err);
      emit();
      findings.push(finding(p, "manual", `cannot check: ${err.message}`));
      continue;
    }
    if (violations.length === 0) findings.push(finding(p, "pass", "compliant"));
    else emit();
  }

  const { findings: final, unused } = applySuppressions(findings, options.suppressions ?? [], options.clock);
  const counts = { pass: 0, fail: 0, manual: 0, suppressed: 0, error: 0 };
  for (const f of final) counts[f.status]++;
  return {
    summary: { resources: resources.length, checks: policies.length, ...counts },
    findings: final,
    notApplicable,
    unusedSuppressions: unused,
    mandatoryFailed: final.some((f) => f.status === "fail" && f.enforcement === "mandatory"),
  };
}

function throwNotApplicable(reason?: string): never {
  throw new NotApplicableError(reason ?? "not applicable");
}

function checkError(policy: string, urn: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  return new Error(`policy ${policy} failed on ${urn}: ${message}`, { cause: err });
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
