/** The API-key module the application imports: generate, record, verify, mask, scan. */
export { generateKey, isValidKey, maskKey, KEY_REGEX, KEY_PATTERN_SOURCE, KEY_LENGTH, KEY_ENVIRONMENTS, type KeyEnvironment } from "./format";
export { keyRecord, keyHash, keyMatches, revokeRecord, type KeyRecord } from "./record";
export { KeyScanner, scanText, type KeyHit } from "./scanner";
export { scanPaths, scanStream, SKIPPED_DIRS, type FileKeyHit, type ScanSummary } from "./scanFiles";
