import type { AuditEvent } from "../../src/audit/event";
import { ulidGenerator } from "../../src/audit/ids";

/** A deterministic PRNG (mulberry32) for reproducible ids and data. */
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

/** A valid audit event at `at` with a ULID from that time (deterministic for a given rng). */
export function sampleEvent(tenant: string, at: Date, rng: () => number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  const id = ulidGenerator({ now: () => at }, rng)();
  return {
    eventId: id,
    tenant,
    actor: { type: "user", id: "u-1", email: "ada@example.com" },
    action: "key.create",
    target: "key/billing-bot",
    timestamp: at.toISOString(),
    ip: "203.0.113.7",
    userAgent: "Mozilla/5.0 (X11; Linux x86_64)",
    outcome: "success",
    ...overrides,
  };
}
