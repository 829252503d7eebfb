export { loadTenants, loadTenantsOrThrow, parseTenant, validateTenantSources, crossFileRules, nodeTenantFs } from "./load";
export type { Tenant, TenantSet, ParsedTenant, TenantFileSystem } from "./load";
export { tenantNames, platformNames, tenantResourceNames } from "./names";
export type { TenantNames, TenantResourceNames } from "./names";
export * from "./schema";
export { SES_REGIONS } from "./regions";
export { tenantFsAt } from "./nodeFs";
