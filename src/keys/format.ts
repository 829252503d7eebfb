import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * The API-key format: `emk_<env>_` + base62(32 random bytes, 43 characters) + base62(CRC32, 6 characters).
 * The checksum covers everything before it (prefix and body), so a scanner can tell a real key from a typo or a random
 * string without asking anyone: almost no false positives, as with GitHub's tokens.
 */
export const KEY_ENVIRONMENTS = ["live", "test"] as const;
export type KeyEnvironment = (typeof KEY_ENVIRONMENTS)[number];

export const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** Random bytes per key: 256 bits of entropy. */
export const KEY_RANDOM_BYTES = 32;
/** ceil(256 / log2(62)) = 43 characters hold 32 bytes. */
export const KEY_BODY_LENGTH = 43;
/** ceil(32 / log2(62)) = 6 characters hold a CRC32. */
export const KEY_CHECKSUM_LENGTH = 6;
export const KEY_PREFIX_LENGTH = "emk_live_".length;
export const KEY_LENGTH = KEY_PREFIX_LENGTH + KEY_BODY_LENGTH + KEY_CHECKSUM_LENGTH;

/** The key's shape (not its checksum): for scanners and GitHub secret-scanning custom patterns (docs/api-keys.md). */
export const KEY_PATTERN_SOURCE = `emk_(?:live|test)_[0-9A-Za-z]{${KEY_BODY_LENGTH + KEY_CHECKSUM_LENGTH}}`;
/** A whole key on its own: not preceded or followed by a letter, digit or underscore. */
export const KEY_REGEX = new RegExp(`(?<![0-9A-Za-z_])${KEY_PATTERN_SOURCE}(?![0-9A-Za-z_])`);

/** Fixed-width base62 of a non-negative integer (most significant digit first, zero-padded). */
export function base62(value: bigint, width: number): string {
  let out = "";
  let v = value;
  for (let i = 0; i < width; i++) {
    out = BASE62[Number(v % 62n)]! + out;
    v /= 62n;
  }
  if (v !== 0n) throw new RangeError(`value does not fit in ${width} base62 digits`);
  return out;
}

function checksumOf(prefixAndBody: string): string {
  return base62(BigInt(crc32(prefixAndBody)), KEY_CHECKSUM_LENGTH);
}

/** A new key from 32 bytes of a cryptographically secure source (`random` is for tests only). */
export function generateKey(environment: KeyEnvironment = "live", random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(KEY_RANDOM_BYTES);
  if (bytes.length !== KEY_RANDOM_BYTES) throw new RangeError(`expected ${KEY_RANDOM_BYTES} random bytes, got ${bytes.length}`);
  const head = `emk_${environment}_${base62(BigInt(`0x${bytes.toString("hex")}`), KEY_BODY_LENGTH)}`;
  return head + checksumOf(head);
}

/** Whether `text` is exactly one key in the format with a valid checksum. A one-character typo fails the CRC32. */
export function isValidKey(text: string): boolean {
  if (text.length !== KEY_LENGTH || !/^emk_(?:live|test)_[0-9A-Za-z]+$/.test(text)) return false;
  const head = text.slice(0, KEY_LENGTH - KEY_CHECKSUM_LENGTH);
  return checksumOf(head) === text.slice(KEY_LENGTH - KEY_CHECKSUM_LENGTH);
}

/** What may be shown of a key: its prefix and last 4 characters (`emk_live_…Ab3d`). */
export function maskKey(key: string): string {
  return `${key.slice(0, KEY_PREFIX_LENGTH)}…${key.slice(-4)}`;
}
