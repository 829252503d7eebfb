import { z } from "zod";
import { usageError } from "../../core/errors";
import { ENFORCEMENT_LEVELS, type Check, type EnforcementLevel } from "../types";

/**
 * Policy-pack config in Pulumi's own format (`pulumi preview --policy-pack-config FILE`):
 * `{ "<policy>": "<level>" | { "enforcementLevel"?: "<level>", ...properties }, "all"?: "<level>" }`.
 */
export type PolicyPackConfig = Readonly<Record<string, unknown>>;

export interface ResolvedPolicy {
  readonly check: Check;
  /** policy config > policy > pack > advisory (Pulumi's order). */
  readonly enforcementLevel: EnforcementLevel;
  /** The policy's properties after schema validation, with defaults applied. */
  readonly config: Record<string, unknown>;
}

const level = z.enum(ENFORCEMENT_LEVELS);

/**
 * Resolves each check's enforcement level and config; every problem is collected and reported at once (exit 2),
 * like the Pulumi CLI validating config against each policy's schema before the analyzer runs.
 */
export function resolvePolicies(checks: readonly Check[], packLevel: EnforcementLevel | undefined, config: PolicyPackConfig = {}): ResolvedPolicy[] {
  const problems: string[] = [];
  const known = new Set(checks.map((c) => c.id));
  for (const key of Object.keys(config)) {
    if (key !== "all" && !known.has(key)) problems.push(`config names unknown policy "${key}"`);
  }
  let allLevel: EnforcementLevel | undefined;
  if (config.all !== undefined) {
    const parsed = level.safeParse(config.all);
    if (parsed.success) allLevel = parsed.data;
    else problems.push(`config "all": expected one of ${ENFORCEMENT_LEVELS.join(", ")}, got ${JSON.stringify(config.all)}`);
  }
  const out: ResolvedPolicy[] = [];
  for (const check of checks) {
    const entry = config[check.id];
    let configured: EnforcementLevel | undefined;
    let props: Record<string, unknown> = {};
    if (typeof entry === "string") {
      const parsed = level.safeParse(entry);
      if (parsed.success) configured = parsed.data;
      else problems.push(`config "${check.id}": expected one of ${ENFORCEMENT_LEVELS.join(", ")}, got ${JSON.stringify(entry)}`);
    } else if (typeof entry === "object" && entry !== null && !Array.isArray(entry)) {
      const { enforcementLevel, ...rest } = entry as Record<string, unknown>;
      if (enforcementLevel !== undefined) {
        const parsed = level.safeParse(enforcementLevel);
        if (parsed.success) configured = parsed.data;
        else problems.push(`config "${check.id}.enforcementLevel": expected one of ${ENFORCEMENT_LEVELS.join(", ")}, got ${JSON.stringify(enforcementLevel)}`);
      }
      props = rest;
    } else if (entry !== undefined) {
      problems.push(`config "${check.id}": expected an enforcement level or an object, got ${JSON.stringify(entry)}`);
    }
    let resolvedConfig: Record<string, unknown> = {};
    if (check.config !== undefined) {
      const parsed = check.config.safeParse(props);
      if (parsed.success) resolvedConfig = parsed.data as Record<string, unknown>;
      else for (const issue of parsed.error.issues) problems.push(`config "${[check.id, ...issue.path.map(String)].join(".")}": ${issue.message}`);
    } else if (Object.keys(props).length > 0) {
      problems.push(`config "${check.id}": the policy takes no properties, got ${Object.keys(props).join(", ")}`);
    }
    out.push({ check, enforcementLevel: configured ?? allLevel ?? check.enforcementLevel ?? packLevel ?? "advisory", config: resolvedConfig });
  }
  if (problems.length > 0) {
    throw usageError("E_POLICY_CONFIG", `invalid policy config:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
  return out;
}

/** The JSON schema of a check's config, in the shape Pulumi's `configSchema` takes ({properties, required}). */
export function configJsonSchema(check: Check): { properties: Record<string, Record<string, unknown>>; required?: string[] } | undefined {
  if (check.config === undefined) return undefined;
  const schema = z.toJSONSchema(check.config, { io: "input" }) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return { properties: schema.properties ?? {}, ...(schema.required && schema.required.length > 0 ? { required: schema.required } : {}) };
}
