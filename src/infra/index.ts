// Pure parts only: importing this does not load the Pulumi runtime. The components live in ./tenantComponent,
// ./platformComponent and ./stack (they import @pulumi/*).
export * from "./model";
export * from "./arns";
export { keyPolicy } from "./keyPolicy";
export type { KeyPolicyScope } from "./keyPolicy";
export { tenantModel, tenantComponentInputs, tenantTags, TenantRoles, BOUNCE_RATE_THRESHOLD, COMPLAINT_RATE_THRESHOLD, TENANT_EVENT_TYPES } from "./tenantModel";
export { platformModel, PlatformRoles, HSTS_VALUE, PLATFORM_SECRET_ENV, PLATFORM_SECRET_KEYS, PLATFORM_AUDIT_RETENTION_DAYS } from "./platformModel";
export type { PlatformSettings } from "./platformModel";
export { stackModel, selectShard } from "./stackModel";
export { shardOf } from "./shard";
export { stackSettings, stackConfigSchema, configKey, PROJECT } from "./settings";
export type { StackSettings, SettingsProblem } from "./settings";
