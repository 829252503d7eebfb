import type { z } from "zod";
import type { ControlId } from "./frameworks/soc2";

/** Pulumi's policy severities (@pulumi/policy ≥ 1.18). */
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Pulumi's enforcement levels. `remediate` reports as `mandatory`; `disabled` skips the check. */
export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type EnforcementLevel = (typeof ENFORCEMENT_LEVELS)[number];
/** The level a finding carries once resolved. */
export type FindingEnforcement = "advisory" | "mandatory";

/**
 * What a finding says. `not-evaluated`: the check tested nothing (no resources of its types, disabled by config,
 * empty input: the message says which); `error`: the check or the collection of its data failed. Neither is a pass.
 */
export const CHECK_STATUSES = ["pass", "fail", "manual", "suppressed", "not-evaluated", "error"] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** The same rule in other tools, so auditors and engineers can cross-reference. */
export interface Equivalents {
  readonly checkov?: readonly string[];
  readonly securityHub?: readonly string[];
  readonly awsConfig?: readonly string[];
}

/** A per-policy config object (a zod object whose fields all have defaults). */
export type ConfigSchema = z.ZodObject;

/** Typed metadata every check carries; the pack, the reports and the evidence bundle all read it. */
export interface CheckMeta<C extends ConfigSchema | undefined = ConfigSchema | undefined> {
  /** `<provider>-<service>-<check-name>`: equals the check's path under src/policy/checks/. */
  readonly id: string;
  readonly description: string;
  readonly severity: Severity;
  readonly controls: readonly ControlId[];
  readonly equivalents: Equivalents;
  readonly remediation: string;
  readonly enforcementLevel: EnforcementLevel;
  /** Per-policy config with defaults (validated before evaluation, like Pulumi validates `--policy-pack-config`). */
  readonly config?: C;
}

export type ConfigOf<C> = C extends ConfigSchema ? z.output<C> : Record<string, never>;

/** What a resource check sees: the engine's `ResourceValidationArgs`, reduced to what pure checks need. */
export interface ResourceArgs<Config = unknown> {
  readonly type: string;
  /** Inputs. Reading an unknown value or an undecryptable secret throws (→ status `manual`). */
  readonly props: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly urn: string;
  readonly name: string;
  getConfig(): Config;
  /** Ends the check: it does not apply to this resource. */
  notApplicable(reason?: string): never;
  /** Whether the top-level input `key` holds a Pulumi secret (only known in process; the engine strips the mark). */
  isSecret(key: string): boolean;
}

export type ReportViolation = (message: string, urn?: string) => void;

export interface ResourceCheck<C extends ConfigSchema | undefined = ConfigSchema | undefined> extends CheckMeta<C> {
  readonly kind: "resource";
  /** Type tokens the check applies to (the engine's type filter). */
  readonly resourceTypes: readonly string[];
  validateResource(args: ResourceArgs<ConfigOf<C>>, report: (message: string) => void): void;
}

/** One resource as a stack check sees it: outputs, parent and, where known, the tenant. */
export interface StackResource {
  readonly type: string;
  readonly urn: string;
  readonly name: string;
  readonly props: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly parent?: string;
  /** The provider's id, where known (outputs usually carry it as `id` too). */
  readonly id?: string;
  /** The tenant the resource belongs to (from the plan, the `tenant` tag, or the tenant component it lives under). */
  readonly tenant?: string;
}

export interface StackArgs<Config = unknown> {
  readonly resources: readonly StackResource[];
  getConfig(): Config;
  notApplicable(reason?: string): never;
}

export interface StackCheck<C extends ConfigSchema | undefined = ConfigSchema | undefined> extends CheckMeta<C> {
  readonly kind: "stack";
  /** The types the check reads, where it reads only some: a failure to collect another type does not affect it. */
  readonly readsTypes?: readonly string[];
  validateStack(args: StackArgs<ConfigOf<C>>, report: ReportViolation): void;
}

export type Check = ResourceCheck<ConfigSchema | undefined> | StackCheck<ConfigSchema | undefined>;

/** Thrown by `notApplicable()`. */
/** How many findings have each status (every status present, 0 when none). */
export function countByStatus(findings: readonly Pick<Finding, "status">[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, manual: 0, suppressed: 0, "not-evaluated": 0, error: 0 };
  for (const f of findings) counts[f.status]++;
  return counts;
}

export class NotApplicableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "NotApplicableError";
  }
}

/** Helpers that keep each check's literal typed (config inferred from its schema). */
export function resourceCheck<C extends ConfigSchema | undefined = undefined>(c: ResourceCheck<C>): ResourceCheck<C> {
  return c;
}
export function stackCheck<C extends ConfigSchema | undefined = undefined>(c: StackCheck<C>): StackCheck<C> {
  return c;
}

/** What evaluation returns and every report and the evidence bundle render. */
export interface Finding {
  readonly policy: string;
  readonly status: CheckStatus;
  readonly enforcement: FindingEnforcement;
  readonly severity: Severity;
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly tenant?: string;
  readonly message: string;
  readonly controls: readonly ControlId[];
  /** Set when status is `suppressed`: the entry that suppressed the failure. */
  readonly suppression?: { readonly reason: string; readonly expires: string; readonly resource: string };
}
