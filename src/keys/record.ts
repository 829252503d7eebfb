import { createHash, timingSafeEqual } from "node:crypto";
import type { Clock } from "../core/clock";
import type { KeyScope } from "../tenants/schema";
import { isValidKey } from "./format";

/** What the application stores for a key: its SHA-256 hash and last 4 characters, never the key. */
export interface KeyRecord {
  /** SHA-256 of the whole key (UTF-8), lower-case hex. */
  readonly sha256: string;
  readonly last4: string;
  readonly tenant: string;
  readonly agent: string;
  readonly scopes: readonly KeyScope[];
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  /** ISO 8601, UTC; null while the key is active. */
  readonly revokedAt: string | null;
}

export function keyHash(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** The record to store for a freshly generated key. Pure apart from hashing; the clock gives `createdAt`. */
export function keyRecord(key: string, owner: { tenant: string; agent: string; scopes: readonly KeyScope[] }, clock: Clock): KeyRecord {
  if (!isValidKey(key)) throw new Error("not an EmailMate API key (format or checksum)");
  return { sha256: keyHash(key), last4: key.slice(-4), tenant: owner.tenant, agent: owner.agent, scopes: [...owner.scopes], createdAt: clock.now().toISOString(), revokedAt: null };
}

/** The record revoked now (revoking twice keeps the first time). */
export function revokeRecord(record: KeyRecord, clock: Clock): KeyRecord {
  return record.revokedAt !== null ? record : { ...record, revokedAt: clock.now().toISOString() };
}

/**
 * Whether a presented key belongs to an active record: checksum first (rejects garbage without hashing), then a
 * constant-time comparison of the hashes.
 */
export function keyMatches(presented: string, record: KeyRecord): boolean {
  if (record.revokedAt !== null || !isValidKey(presented)) return false;
  const a = Buffer.from(keyHash(presented), "hex");
  const b = Buffer.from(record.sha256, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
