import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock";
import { generateKey, isValidKey, KEY_LENGTH, KEY_PATTERN_SOURCE, KEY_REGEX, maskKey, base62 } from "../../src/keys/format";
import { keyHash, keyMatches, keyRecord, revokeRecord } from "../../src/keys/record";

const ZEROS = () => Buffer.alloc(32);
const ONES = () => Buffer.alloc(32, 0xff);

/** Every single-character change of a key (each position, a different base62 character). */
function typos(key: string): string[] {
  const out: string[] = [];
  for (let i = "emk_live_".length; i < key.length; i++) out.push(key.slice(0, i) + (key[i] === "a" ? "b" : "a") + key.slice(i + 1));
  return out;
}

describe("src/keys/format", () => {
  it("builds prefix + base62(32 bytes, 43) + base62(crc32, 6): 58 characters", () => {
    const key = generateKey("live", ZEROS);
    expect(key).toBe("emk_live_" + "0".repeat(43) + key.slice(-6));
    expect(key.length).toBe(KEY_LENGTH);
    expect(KEY_LENGTH).toBe(58);
    expect(generateKey("live", ONES).slice(9, 52)).toBe(base62(2n ** 256n - 1n, 43));
  });

  it("the largest 32-byte value fits the 43-character body and a larger one does not", () => {
    expect(() => base62(2n ** 256n - 1n, 43)).not.toThrow();
    expect(() => base62(62n ** 43n, 43)).toThrow("value does not fit in 43 base62 digits");
  });

  it("generates different keys from the system's secure random source", () => {
    const keys = new Set(Array.from({ length: 50 }, () => generateKey()));
    expect(keys.size).toBe(50);
    for (const k of keys) expect(isValidKey(k)).toBe(true);
  });

  it("accepts test keys and refuses a short random source", () => {
    expect(isValidKey(generateKey("test"))).toBe(true);
    expect(() => generateKey("live", () => Buffer.alloc(31))).toThrow("expected 32 random bytes, got 31");
  });

  it("refuses every one-character typo (the CRC32 catches it)", () => {
    const key = generateKey();
    const bad = typos(key).filter((t) => isValidKey(t));
    expect(bad).toEqual([]);
    expect(isValidKey(key.replace("emk_live_", "emk_test_"))).toBe(false);
    expect(isValidKey(key.slice(0, -1))).toBe(false);
    expect(isValidKey(key + "0")).toBe(false);
  });

  it("masks as prefix…last 4", () => {
    const key = generateKey();
    expect(maskKey(key)).toBe(`emk_live_…${key.slice(-4)}`);
  });

  it("KEY_REGEX (the documented secret-scanning pattern) matches generated keys and not near-misses", () => {
    for (let i = 0; i < 20; i++) expect(KEY_REGEX.test(`token: ${generateKey(i % 2 ? "live" : "test")}\n`)).toBe(true);
    const key = generateKey();
    const near = [
      key.slice(0, -1), // one short
      key + "x", // one long (a longer token)
      "x" + key, // glued to a word before
      key.replace("emk_live_", "emk_prod_"),
      key.replace("emk_live_", "EMK_live_"),
      key.replace("emk_live_", "emk-live-"),
      key.slice(0, 20) + "-" + key.slice(21),
      key.slice(0, 20) + "_" + key.slice(21),
    ];
    expect(near.map((n) => KEY_REGEX.test(n))).toEqual(near.map(() => false));
  });
});

describe("src/keys/record", () => {
  const clock = fixedClock("2026-12-03T05:00:00Z");

  it("stores the SHA-256 hash, the last 4, owner, scopes and times — never the key", () => {
    const key = generateKey();
    const record = keyRecord(key, { tenant: "acme", agent: "billing-bot", scopes: ["send"] }, clock);
    expect(record).toEqual({ sha256: keyHash(key), last4: key.slice(-4), tenant: "acme", agent: "billing-bot", scopes: ["send"], createdAt: "2026-12-03T05:00:00.000Z", revokedAt: null });
    expect(record.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(record)).not.toContain(key.slice(9, 52));
  });

  it("verifies the key against its record, and stops after revocation", () => {
    const key = generateKey();
    const record = keyRecord(key, { tenant: "acme", agent: "billing-bot", scopes: ["send"] }, clock);
    expect(keyMatches(key, record)).toBe(true);
    expect(keyMatches(generateKey(), record)).toBe(false);
    const revoked = revokeRecord(record, fixedClock("2026-12-04T00:00:00Z"));
    expect(revoked.revokedAt).toBe("2026-12-04T00:00:00.000Z");
    expect(revokeRecord(revoked, fixedClock("2026-12-05T00:00:00Z")).revokedAt).toBe("2026-12-04T00:00:00.000Z");
    expect(keyMatches(key, revoked)).toBe(false);
  });

  it("refuses to make a record of something that is not a key", () => {
    expect(() => keyRecord("emk_live_nope", { tenant: "acme", agent: "a", scopes: [] }, clock)).toThrow("not an EmailMate API key (format or checksum)");
  });
});

describe("docs/api-keys.md (the GitHub custom pattern as documented)", () => {
  const doc = readFileSync(join(__dirname, "..", "..", "docs", "api-keys.md"), "utf8");
  const field = (name: string) => {
    const m = new RegExp(`^\\| ${name} \\| \`(.+)\` \\|$`, "m").exec(doc);
    if (m === null) throw new Error(`docs/api-keys.md has no "${name}" row`);
    return m[1]!.replace(/\\\|/g, "|");
  };
  // Hyperscan's \A and \z are JavaScript's ^ and $ without the m flag.
  const js = (s: string) => s.replace(/\\A/g, "^").replace(/\\z/g, "$");
  const documented = new RegExp(`(?:${js(field("Before secret"))})(${field("Secret format")})(?:${js(field("After secret"))})`);

  it("documents the same secret format as the code", () => {
    expect(field("Secret format")).toBe(KEY_PATTERN_SOURCE);
  });

  it("matches generated keys alone, in quotes and after '='", () => {
    for (const env of ["live", "test"] as const) {
      const key = generateKey(env);
      for (const text of [key, `"${key}"`, `API_KEY=${key}\n`, `x ${key} y`]) expect(documented.exec(text)?.[1]).toBe(key);
    }
  });

  it("does not match near-misses", () => {
    const key = generateKey();
    for (const text of [key.slice(0, -1), `${key}x`, `x${key}`, `_${key}`, `${key}_`, key.replace("emk_live_", "emk_prod_"), key.replace("_live_", "-live-")]) {
      expect(documented.test(text)).toBe(false);
    }
  });
});
