import type { ResourceRecord } from "../core/resource";
import { ResourceTypes } from "../infra/model";
import type { LiveInventory } from "../aws/collectors/types";
import { tenantOf } from "./names";

/** The Pulumi type tokens live records carry, by inventory kind (the same tokens the plan gives). */
export const LIVE_TYPES = {
  keys: ResourceTypes.kmsKey,
  aliases: ResourceTypes.kmsAlias,
  logGroups: ResourceTypes.logGroup,
  topics: ResourceTypes.snsTopic,
  configurationSets: ResourceTypes.configurationSet,
  sesTenants: ResourceTypes.sesTenant,
  /** Associations come with the SES tenants (ListTenantResources). */
  associations: ResourceTypes.tenantResourceAssociation,
  identities: ResourceTypes.emailIdentity,
} as const;

const withTenant = (tenant: string | undefined) => (tenant === undefined ? {} : { tenant });
const opt = <K extends string, V>(key: K, v: V | undefined): Partial<Record<K, V>> => (v === undefined ? {} : ({ [key]: v } as Record<K, V>));

/**
 * One region's inventory as resource records: the same type tokens and input names as the plan and stack-export
 * sources give, so every check runs unchanged. URNs are the resources' ARNs (live resources have no Pulumi URN);
 * `outputs` adds the ARNs and ids stack checks read. The tenant comes from the resource's name (the names
 * src/tenants/names.ts builds), else from its `tenant` tag. Pure.
 */
export function inventoryRecords(inv: LiveInventory): ResourceRecord[] {
  const region = inv.region;
  const records: ResourceRecord[] = [];
  const push = (type: string, urn: string, name: string, tenant: string | undefined, props: Record<string, unknown>, extra: Record<string, unknown>, id?: string) =>
    records.push({ urn, type, name, ...withTenant(tenant), props, outputs: { ...props, ...extra }, ...(id !== undefined ? { id } : {}) });

  const aliasesOf = new Map<string, string[]>();
  for (const a of inv.aliases) if (a.targetKeyId !== undefined) aliasesOf.set(a.targetKeyId, [...(aliasesOf.get(a.targetKeyId) ?? []), a.name]);
  const keyTenant = new Map<string, string | undefined>();
  for (const k of inv.keys) {
    const tenant = (aliasesOf.get(k.keyId) ?? []).map((n) => tenantOf.alias(n)).find((t) => t !== undefined) ?? k.tags.tenant;
    keyTenant.set(k.keyId, tenant);
    const rotates = k.keySpec === "SYMMETRIC_DEFAULT" ? { enableKeyRotation: k.rotationEnabled === true } : {};
    const props = {
      region,
      ...opt("description", k.description),
      ...opt("keyUsage", k.keyUsage),
      ...opt("customerMasterKeySpec", k.keySpec),
      ...rotates,
      ...opt("rotationPeriodInDays", k.rotationPeriodInDays),
      ...opt("policy", k.policy),
      tags: { ...k.tags },
    };
    push(LIVE_TYPES.keys, k.arn || `kms:${region}:${k.keyId}`, (aliasesOf.get(k.keyId) ?? [])[0] ?? k.keyId, tenant, props, { arn: k.arn, keyId: k.keyId, id: k.keyId, ...opt("keyState", k.keyState) }, k.keyId);
  }
  for (const a of inv.aliases) {
    const tenant = tenantOf.alias(a.name) ?? (a.targetKeyId !== undefined ? keyTenant.get(a.targetKeyId) : undefined);
    const arn = a.arn ?? `arn:${inv.partition}:kms:${region}:${inv.accountId ?? ""}:${a.name}`;
    push(LIVE_TYPES.aliases, arn, a.name, tenant, { region, name: a.name, ...opt("targetKeyId", a.targetKeyId) }, { arn }, a.name);
  }
  for (const g of inv.logGroups) {
    const props = { region, name: g.name, ...opt("retentionInDays", g.retentionInDays), ...opt("kmsKeyId", g.kmsKeyId), tags: { ...g.tags } };
    push(LIVE_TYPES.logGroups, g.arn, g.name, tenantOf.logGroup(g.name) ?? g.tags.tenant, props, { arn: g.arn }, g.name);
  }
  for (const t of inv.topics) {
    const props = { region, name: t.name, ...opt("kmsMasterKeyId", t.kmsMasterKeyId), tags: { ...t.tags } };
    push(LIVE_TYPES.topics, t.arn, t.name, tenantOf.topic(t.name) ?? t.tags.tenant, props, { arn: t.arn }, t.arn);
  }
  const setTenant = new Map<string, string | undefined>();
  for (const c of inv.configurationSets) {
    const tenant = tenantOf.configurationSet(c.name) ?? c.tags.tenant;
    setTenant.set(c.name, tenant);
    const delivery = { ...opt("tlsPolicy", c.tlsPolicy), ...opt("sendingPoolName", c.sendingPoolName) };
    const props = {
      region,
      configurationSetName: c.name,
      ...(Object.keys(delivery).length > 0 ? { deliveryOptions: delivery } : {}),
      ...(c.reputationMetricsEnabled !== undefined ? { reputationOptions: { reputationMetricsEnabled: c.reputationMetricsEnabled } } : {}),
      ...(c.sendingEnabled !== undefined ? { sendingOptions: { sendingEnabled: c.sendingEnabled } } : {}),
      ...(c.suppressedReasons !== undefined ? { suppressionOptions: { suppressedReasons: [...c.suppressedReasons] } } : {}),
      ...(c.tracking !== undefined ? { trackingOptions: { ...c.tracking } } : {}),
      tags: { ...c.tags },
    };
    push(LIVE_TYPES.configurationSets, c.arn, c.name, tenant, props, { arn: c.arn }, c.name);
  }
  for (const t of inv.sesTenants) {
    const tenant = t.tags.tenant ?? t.name;
    const arn = t.arn ?? `arn:${inv.partition}:ses:${region}:${inv.accountId ?? ""}:tenant/${t.name}`;
    push(LIVE_TYPES.sesTenants, arn, t.name, tenant, { region, tenantName: t.name, tags: { ...t.tags } }, { arn, ...opt("tenantId", t.id), ...opt("sendingStatus", t.sendingStatus) }, t.name);
    for (const r of t.resources) {
      const name = `${t.name} → ${r.arn.slice(r.arn.lastIndexOf(":") + 1)}`;
      push(LIVE_TYPES.associations, `${arn}|${r.arn}`, name, tenant, { region, tenantName: t.name, resourceArn: r.arn }, {}, `${t.name}|${r.arn}`);
    }
  }
  for (const i of inv.identities) {
    const tenant = (i.configurationSetName !== undefined ? setTenant.get(i.configurationSetName) ?? tenantOf.configurationSet(i.configurationSetName) : undefined) ?? i.tags.tenant;
    const props = {
      region,
      emailIdentity: i.name,
      ...opt("configurationSetName", i.configurationSetName),
      ...(i.nextSigningKeyLength !== undefined ? { dkimSigningAttributes: { nextSigningKeyLength: i.nextSigningKeyLength } } : {}),
      tags: { ...i.tags },
    };
    push(LIVE_TYPES.identities, i.arn, i.name, tenant, props, { arn: i.arn }, i.name);
  }
  return records;
}
