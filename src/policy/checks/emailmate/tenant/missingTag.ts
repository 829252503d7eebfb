import { stackCheck } from "../../../types";

/** AWS types of this project that take tags (aliases, associations and event destinations do not). */
export const TAGGABLE_TYPES: ReadonlySet<string> = new Set([
  "aws:kms/key:Key",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:cloudwatch/metricAlarm:MetricAlarm",
  "aws:sns/topic:Topic",
  "aws:sesv2/configurationSet:ConfigurationSet",
  "aws:sesv2/emailIdentity:EmailIdentity",
  "aws:sesv2/tenant:Tenant",
]);

/** Every tenant resource that takes tags carries `tenant: <id>`, so costs, access policies and audits can follow it. */
export const missingTag = stackCheck({
  kind: "stack",
  id: "emailmate-tenant-missing-tag",
  description: "Every taggable tenant resource carries the tag tenant=<tenant id>.",
  severity: "low",
  controls: ["CC6.1"],
  equivalents: {},
  remediation: "Create tenant resources through the tenant component, which tags each child with tenant, managed-by and data-classification.",
  enforcementLevel: "mandatory",
  readsTypes: [...TAGGABLE_TYPES],
  validateStack({ resources, notApplicable }, report) {
    const tenantResources = resources.filter((r) => r.tenant !== undefined && TAGGABLE_TYPES.has(r.type));
    if (tenantResources.length === 0) notApplicable("no taggable tenant resources in the stack");
    for (const r of tenantResources) {
      const tags: unknown = r.props.tags;
      const value = typeof tags === "object" && tags !== null ? (tags as Record<string, unknown>).tenant : undefined;
      if (value === r.tenant) continue;
      if (value === undefined) report(`resource has no "tenant" tag; expected tenant: ${r.tenant}.`, r.urn);
      else report(`"tenant" tag is ${JSON.stringify(value)}; expected ${JSON.stringify(r.tenant)}.`, r.urn);
    }
  },
});
