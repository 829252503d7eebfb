export { buildEvidence, sha256 } from "./bundle";
export type { EvidenceFile, EvidenceInput, Manifest, ManifestEntry } from "./bundle";
export { controlMatrix, CONTROL_STATUSES } from "./matrix";
export type { ControlRow, ControlStatus } from "./matrix";
export { tenantInventory } from "./inventory";
export type { TenantInventoryRow } from "./inventory";
export { gitCommit } from "./git";
export { writeEvidence } from "./write";
