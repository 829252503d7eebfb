/** Every name derived from a tenant id lives here; nothing else builds them by string concatenation. */
export interface TenantNames {
  /** SES v2 configuration set. */
  readonly configurationSet: string;
  /** SES tenant (aws.sesv2.Tenant) name. */
  readonly sesTenant: string;
  readonly kmsAlias: string;
  readonly auditLogGroup: string;
}

export function tenantNames(id: string): TenantNames {
  return {
    configurationSet: `tenant-${id}`,
    sesTenant: id,
    kmsAlias: `alias/emailmate/tenant/${id}`,
    auditLogGroup: `/emailmate/tenants/${id}/audit`,
  };
}

/** Names of the platform-wide resources (one set, in the platform stack). */
export const platformNames = {
  kmsAlias: "alias/emailmate/platform",
  auditLogGroup: "/emailmate/platform/audit",
  alertsTopic: "emailmate-alerts",
  /** The Vercel project that serves the platform domain. */
  vercelProject: "emailmate",
} as const;

/** Names of the per-tenant infrastructure beyond the core set (Pulumi component children). */
export interface TenantResourceNames {
  /** SNS topic that the tenant's reputation alarms notify (on-call). */
  readonly alertsTopic: string;
  readonly bounceRateAlarm: string;
  readonly complaintRateAlarm: string;
  /** SES v2 event destination of the configuration set. */
  readonly eventDestination: string;
}

export function tenantResourceNames(id: string): TenantResourceNames {
  return {
    alertsTopic: `emailmate-tenant-${id}-alerts`,
    bounceRateAlarm: `emailmate-tenant-${id}-bounce-rate`,
    complaintRateAlarm: `emailmate-tenant-${id}-complaint-rate`,
    eventDestination: `tenant-${id}-events`,
  };
}
