import type {
  EnforcementLevel,
  Policy,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { ALL_CHECKS } from "../src/policy/checks";
import { configJsonSchema } from "../src/policy/engine/config";
import { tenantFromAncestry } from "../src/policy/tenancy";
import type { Check, StackResource } from "../src/policy/types";

export const PACK_NAME = "emailmate";

/** Pulumi's policy objects for the checks; nothing here starts a server (only index.ts constructs the pack). */
export function packPolicies(checks: readonly Check[] = ALL_CHECKS): (ResourceValidationPolicy | StackValidationPolicy)[] {
  return checks.map((c) => (c.kind === "resource" ? resourcePolicy(c) : stackPolicy(c)));
}

function base(c: Check): Policy {
  const schema = configJsonSchema(c);
  return {
    name: c.id,
    description: c.description,
    enforcementLevel: c.enforcementLevel as EnforcementLevel,
    severity: c.severity,
    framework: { name: "soc2", version: "2017 (2022 points of focus)", reference: c.controls.join(", "), specification: "AICPA Trust Services Criteria" },
    tags: ["emailmate", ...c.controls.map((x) => `soc2:${x}`)],
    remediationSteps: c.remediation,
    ...(schema !== undefined ? { configSchema: schema as Policy["configSchema"] } : {}),
  };
}

/** The check's config as the engine sent it, with the check's defaults applied and its schema enforced. */
function config(c: Check, raw: object): never {
  return (c.config === undefined ? {} : c.config.parse(raw)) as never;
}

function resourcePolicy(c: Extract<Check, { kind: "resource" }>): ResourceValidationPolicy {
  const types = c.resourceTypes;
  return {
    ...base(c),
    // One function for several type tokens (e.g. aws:lb and aws:alb listeners), so no `validateResourceOfType` tag:
    // the type filter is ours, reported to the engine as "not applicable" like its own fast path does.
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      if (!types.includes(args.type)) args.notApplicable(`Policy only applies to resources of type ${types.map((t) => `'${t}'`).join(", ")}`);
      c.validateResource(
        {
          type: args.type,
          props: args.props,
          urn: args.urn,
          name: args.name,
          getConfig: () => config(c, args.getConfig()),
          notApplicable: (reason) => args.notApplicable(reason),
          // The engine unwraps secrets before a pack sees them, so the mark is gone here (the key check still applies).
          isSecret: () => false,
        },
        (message) => reportViolation(message),
      );
    },
  };
}

function stackPolicy(c: Extract<Check, { kind: "stack" }>): StackValidationPolicy {
  return {
    ...base(c),
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
      // The engine links `parent` only when the parent is in the list; the resource options always carry its URN.
      const parentUrn = (r: StackValidationArgs["resources"][number]) => r.parent?.urn ?? (r.opts.parent || undefined);
      const parentOf = new Map(args.resources.map((r) => [r.urn, parentUrn(r)]));
      const resources: StackResource[] = args.resources.map((r) => {
        const parent = parentUrn(r);
        const tenant = tenantFromAncestry(parent, (u) => parentOf.get(u));
        return { type: r.type, urn: r.urn, name: r.name, props: r.props, ...(parent !== undefined ? { parent } : {}), ...(tenant !== undefined ? { tenant } : {}) };
      });
      c.validateStack(
        { resources, getConfig: () => config(c, args.getConfig()), notApplicable: (reason) => args.notApplicable(reason) },
        (message, urn) => reportViolation(message, urn),
      );
    },
  };
}
