import { createHash } from "node:crypto";

/** A deterministic PRNG (mulberry32): small, fast and reproducible (test data, ids, fault injection, audit samples). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit PRNG seed from any text: the first four bytes of its SHA-256, big-endian. */
export function seedFromText(text: string): number {
  return createHash("sha256").update(text, "utf8").digest().readUInt32BE(0);
}
