import type { ResourceRecord } from "../core/resource";
import type { Tenant } from "../tenants";
import { ResourceTypes } from "./model";

/**
 * Which field of the tenant file decides a property of a tenant resource (the reverse of tenantModel.ts, kept beside
 * it): a finding about that property points at that field's line, so code scanning annotates the line a pull request
 * changed. `sending.domains.*` is the item whose value the property holds. Properties not listed are the model's own
 * constants (key rotation, KMS wiring, tags): their findings point at the tenant's `id`.
 */
export const TENANT_FIELD_OF_PROP: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [ResourceTypes.logGroup]: { retentionInDays: "audit.retentionDays" },
  [ResourceTypes.configurationSet]: {
    "deliveryOptions.tlsPolicy": "sending.tlsPolicy",
    "suppressionOptions.suppressedReasons": "sending.suppressedReasons",
    "trackingOptions.customRedirectDomain": "sending.trackingDomain",
    "trackingOptions.httpsPolicy": "sending.trackingDomain",
  },
  [ResourceTypes.emailIdentity]: { emailIdentity: "sending.domains.*" },
};
/** Every tenant resource is created in the tenant's region. */
const EVERY_RESOURCE: Readonly<Record<string, string>> = { region: "region" };

function propAt(props: Readonly<Record<string, unknown>>, path: string): unknown {
  let cur: unknown = props;
  for (const seg of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/** The tenant-file field (dotted path) that decides `prop` of `record`, if any. */
export function tenantFieldOf(record: Pick<ResourceRecord, "type" | "props">, prop: string, tenant: Tenant): string | undefined {
  const field = TENANT_FIELD_OF_PROP[record.type]?.[prop] ?? EVERY_RESOURCE[prop];
  if (field !== "sending.domains.*") return field;
  const index = tenant.sending.domains.indexOf(String(propAt(record.props, prop)));
  return index < 0 ? "sending.domains" : `sending.domains.${index}`;
}
