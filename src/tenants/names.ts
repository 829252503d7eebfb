/** Every name derived from a tenant id lives here; nothing else builds them by string concatenation. */
export interface TenantNames {
  /** SES v2 configuration set. */
  readonly configurationSet: string;
  /** SES tenant (aws.sesv2.Tenant) name. */
  readonly sesTenant: string;
  readonly kmsAlias: string;
  readonly auditLogGroup: string;
  readonly sesEventsLogGroup: string;
}

export function tenantNames(id: string): TenantNames {
  return {
    configurationSet: `tenant-${id}`,
    sesTenant: id,
    kmsAlias: `alias/emailmate/tenant/${id}`,
    auditLogGroup: `/emailmate/tenants/${id}/audit`,
    sesEventsLogGroup: `/emailmate/tenants/${id}/ses-events`,
  };
}

/** Names of the platform-wide resources (one set, in the platform stack). */
export const platformNames = {
  kmsAlias: "alias/emailmate/platform",
  auditLogGroup: "/emailmate/platform/audit",
  alertsTopic: "emailmate-alerts",
} as const;
