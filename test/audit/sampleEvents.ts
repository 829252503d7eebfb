import type { AuditEvent } from "../../src/audit/event";
import { ulidGenerator } from "../../src/audit/ids";

export { seededRandom } from "../support/random";

/** A valid audit event that tests change one field of. */
export const BASE_EVENT: AuditEvent = {
  eventId: "01JDZ8Q4X0K6W3V2T1S0R9P8N7",
  tenant: "acme",
  actor: { type: "user", id: "u-1", email: "ada@example.com" },
  action: "key.create",
  target: "key/billing-bot",
  timestamp: "2026-06-01T10:20:30.456Z",
  ip: "203.0.113.7",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64)",
  outcome: "success",
};

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
