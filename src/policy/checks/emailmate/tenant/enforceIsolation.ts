import { tenantNames } from "../../../../tenants/names";
import { stackCheck, type StackResource } from "../../../types";

const T = {
  configurationSet: "aws:sesv2/configurationSet:ConfigurationSet",
  sesTenant: "aws:sesv2/tenant:Tenant",
  association: "aws:sesv2/tenantResourceAssociation:TenantResourceAssociation",
  identity: "aws:sesv2/emailIdentity:EmailIdentity",
  eventDestination: "aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination",
  key: "aws:kms/key:Key",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  topic: "aws:sns/topic:Topic",
} as const;

/**
 * The security page's isolation promise, across the whole stack: every tenant has its own SES configuration set,
 * SES tenant and KMS key; its log groups and topics are encrypted with its own key; nothing of one tenant points at
 * another tenant's configuration set, SES tenant, identities or key.
 */
export const enforceIsolation = stackCheck({
  kind: "stack",
  id: "emailmate-tenant-enforce-isolation",
  description: "Each tenant has its own SES configuration set, SES tenant and KMS key; its log groups are encrypted with its own key; no resource is associated with another tenant.",
  severity: "critical",
  controls: ["CC6.1"],
  equivalents: {},
  remediation: "Create every tenant's resources through the tenant component (src/infra) so they reference only that tenant's key, configuration set and SES tenant.",
  enforcementLevel: "mandatory",
  readsTypes: Object.values(T),
  validateStack({ resources, notApplicable }, report) {
    const byTenant = new Map<string, StackResource[]>();
    for (const r of resources) {
      if (r.tenant === undefined) continue;
      const list = byTenant.get(r.tenant) ?? [];
      list.push(r);
      byTenant.set(r.tenant, list);
    }
    if (byTenant.size === 0) notApplicable("no tenant resources in the stack");

    // Who owns what, across tenants: key ARNs, configuration-set names, SES tenant names, resource ARNs.
    const keyOwner = new Map<string, string>();
    const setOwner = new Map<string, string>();
    const sesTenantOwner = new Map<string, string>();
    const arnOwner = new Map<string, string>();
    for (const [tenant, list] of byTenant) {
      for (const r of list) {
        if (r.type === T.key) for (const k of [r.props.arn, r.props.keyId, r.props.id]) if (typeof k === "string") keyOwner.set(k, tenant);
        if (r.type === T.configurationSet && typeof r.props.configurationSetName === "string") setOwner.set(r.props.configurationSetName, tenant);
        if (r.type === T.sesTenant && typeof r.props.tenantName === "string") sesTenantOwner.set(r.props.tenantName, tenant);
        if ((r.type === T.configurationSet || r.type === T.identity) && typeof r.props.arn === "string") arnOwner.set(r.props.arn, tenant);
      }
    }
    const owner = (map: Map<string, string>, v: unknown) => (typeof v === "string" ? map.get(v) : undefined);
    const label = (r: StackResource) => `${r.type.split(":").pop()} ${r.name}`;

    for (const [tenant, list] of byTenant) {
      const names = tenantNames(tenant);
      const has = (type: string) => list.some((r) => r.type === type);
      const anchor = list[0]!.urn;
      if (!has(T.configurationSet)) report(`tenant ${tenant} has no SES configuration set of its own; expected ${names.configurationSet}.`, anchor);
      if (!has(T.sesTenant)) report(`tenant ${tenant} has no SES tenant of its own; expected ${names.sesTenant}.`, anchor);
      if (!has(T.key)) report(`tenant ${tenant} has no KMS key of its own.`, anchor);
      // reputation is isolated only when the configuration set is associated with the tenant's SES tenant
      if (has(T.sesTenant)) {
        for (const set of list.filter((r) => r.type === T.configurationSet)) {
          const associated = list.some((a) => a.type === T.association && a.props.resourceArn === set.props.arn && owner(sesTenantOwner, a.props.tenantName) === tenant);
          if (!associated) report(`${label(set)} of tenant ${tenant} is not associated with tenant ${tenant}'s SES tenant; expected a TenantResourceAssociation of ${names.sesTenant} with the configuration set's ARN.`, set.urn);
        }
      }

      for (const r of list) {
        const check = (what: string, value: unknown, map: Map<string, string>, expected: string) => {
          const o = owner(map, value);
          if (o === tenant) return;
          if (o !== undefined) report(`${label(r)} of tenant ${tenant} uses tenant ${o}'s ${what} ${String(value)}; expected ${expected}.`, r.urn);
          else report(`${label(r)} of tenant ${tenant} uses ${what} ${value === undefined ? "(none)" : String(value)}, which is not tenant ${tenant}'s; expected ${expected}.`, r.urn);
        };
        switch (r.type) {
          case T.logGroup:
            check("KMS key", r.props.kmsKeyId, keyOwner, `tenant ${tenant}'s own key`);
            break;
          case T.topic:
            check("KMS key", r.props.kmsMasterKeyId, keyOwner, `tenant ${tenant}'s own key`);
            break;
          case T.identity:
          case T.eventDestination:
            check("configuration set", r.props.configurationSetName, setOwner, names.configurationSet);
            break;
          case T.association:
            check("SES tenant", r.props.tenantName, sesTenantOwner, names.sesTenant);
            check("resource", r.props.resourceArn, arnOwner, `a configuration set or identity of tenant ${tenant}`);
            break;
        }
      }
    }
  },
});
