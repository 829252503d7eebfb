import { z } from "zod";

/** ULID: 26 characters of Crockford base32 (no I, L, O, U), time-ordered. */
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The administrative actions the security page promises to log. */
export const AUDIT_ACTIONS = [
  "member.invite",
  "member.remove",
  "member.role_change",
  "key.create",
  "key.revoke",
  "domain.add",
  "domain.remove",
  "domain.verify",
  "billing.update",
  "data.export",
  "settings.update",
  "incident.action",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Audit events about the platform itself (not one tenant) carry this tenant value; no tenant may take the id. */
export const PLATFORM_TENANT = "platform";

/** Tenant ids (and {@link PLATFORM_TENANT}). */
export const TENANT_PATTERN = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;
export const ACTOR_TYPES = ["user", "apiKey", "system"] as const;
export const AUDIT_OUTCOMES = ["success", "failure"] as const;

const ipv4 = z.ipv4();
const ipv6 = z.ipv6();

/** The schema's IP address check: IPv4 or IPv6. */
export function isIpAddress(s: string): boolean {
  return ipv4.safeParse(s).success || ipv6.safeParse(s).success;
}

/**
 * One audit event, as written to CloudWatch Logs (one JSON object per log event) and exported. A change here needs
 * the same change in `fastParsedAuditEvent` below (and in `canonicalJson`, src/audit/admit.ts, for the field order);
 * test/audit/event.test.ts compares the two.
 */
export const auditEventSchema = z
  .strictObject({
    eventId: z.string().regex(ULID_PATTERN, { error: "expected a ULID (26 characters of Crockford base32), got {value}" }).describe("unique, time-ordered event id (ULID)"),
    tenant: z.string().regex(TENANT_PATTERN, { error: "expected a tenant id, got {value}" }).describe(`the tenant id, or "${PLATFORM_TENANT}"`),
    actor: z
      .strictObject({
        type: z.enum(ACTOR_TYPES).describe("who acted: a user, an API key or the system"),
        id: z.string().min(1).max(200).describe("the actor's id"),
        email: z.email().optional().describe("the user's email, when the actor is a user"),
      })
      .describe("who performed the action"),
    action: z.enum(AUDIT_ACTIONS).describe("the administrative action"),
    target: z.string().min(1).max(500).optional().describe("what the action was applied to"),
    timestamp: z.iso.datetime({ offset: false, error: "expected an ISO 8601 UTC timestamp ending in Z, got {value}" }).describe("when it happened (ISO 8601, UTC)"),
    ip: z.string().refine((s) => isIpAddress(s), { error: "expected an IPv4 or IPv6 address, got {value}" }).describe("the client's IP address"),
    userAgent: z.string().max(1000).describe("the client's user agent"),
    outcome: z.enum(AUDIT_OUTCOMES).describe("whether the action succeeded"),
    metadata: z.record(z.string(), z.unknown()).optional().describe("action-specific details (never secrets)"),
  })
  .describe("an audit event");

export type AuditEvent = z.output<typeof auditEventSchema>;

export type AuditEventCheck = { readonly ok: true; readonly event: AuditEvent } | { readonly ok: false; readonly reason: string };

/**
 * Validates one candidate event and explains the first problem as `path: message`, with `{value}` in the schema's
 * messages replaced by the offending value (JSON, cut at 60 characters). Used by the writer and the exporter.
 */
export function checkAuditEvent(value: unknown): AuditEventCheck {
  const parsed = auditEventSchema.safeParse(value);
  if (parsed.success) return { ok: true, event: parsed.data };
  const issue = parsed.error.issues[0];
  if (issue === undefined) return { ok: false, reason: "(event): invalid" };
  let actual: unknown = value;
  for (const key of issue.path) actual = actual !== null && typeof actual === "object" ? (actual as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined;
  const shown = typeof actual === "string" ? (actual.length > 60 ? actual.slice(0, 57) + "..." : actual) : JSON.stringify(actual) ?? "undefined";
  const path = issue.path.length === 0 ? "(event)" : issue.path.map(String).join(".");
  return { ok: false, reason: `${path}: ${issue.message.replace("{value}", shown)}` };
}

/** The fields the fast path knows, in schema order; a schema with other fields must not load with a stale fast path. */
const EVENT_KEYS = new Set(["eventId", "tenant", "actor", "action", "target", "timestamp", "ip", "userAgent", "outcome", "metadata"]);
const ACTOR_KEYS = new Set(["type", "id", "email"]);
if ([...EVENT_KEYS].join() !== Object.keys(auditEventSchema.shape).join() || [...ACTOR_KEYS].join() !== Object.keys(auditEventSchema.shape.actor.shape).join()) {
  throw new Error("fastParsedAuditEvent (src/audit/event.ts) does not know the audit event schema's fields: update it with the schema");
}
const ACTIONS = new Set<string>(AUDIT_ACTIONS);
const ACTOR_TYPE_SET = new Set<string>(ACTOR_TYPES);
const OUTCOME_SET = new Set<string>(AUDIT_OUTCOMES);
/** What `z.email()` tests (zod's default email pattern), and what `z.ipv4()` tests. */
const EMAIL_PATTERN = z.regexes.email;
const IPV4_PATTERN = z.regexes.ipv4;

/** Days in each month of a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Digit at `i` of `s` as a number, or NaN. */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

/**
 * Epoch milliseconds of `YYYY-MM-DDTHH:mm:ss.sssZ` when it names a real UTC instant — month 01–12, a day that exists
 * in that month (Gregorian leap years), hours 00–23, minutes and seconds 00–59, which is what zod's datetime pattern
 * asks of that shape — else NaN. The same number `Date.parse` gives (days counted by the proleptic Gregorian
 * calendar, as ECMAScript's MakeDay does), without building a Date.
 */
function isoMillis(t: string): number {
  if (t.length !== 24 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(10) !== 84 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58 || t.charCodeAt(19) !== 46 || t.charCodeAt(23) !== 90) {
    return NaN;
  }
  const y = digit(t, 0) * 1000 + digit(t, 1) * 100 + digit(t, 2) * 10 + digit(t, 3);
  const m = digit(t, 5) * 10 + digit(t, 6);
  const d = digit(t, 8) * 10 + digit(t, 9);
  const h = digit(t, 11) * 10 + digit(t, 12);
  const mi = digit(t, 14) * 10 + digit(t, 15);
  const sec = digit(t, 17) * 10 + digit(t, 18);
  const frac = digit(t, 20) * 100 + digit(t, 21) * 10 + digit(t, 22);
  // NaN fails every comparison below, so a non-digit anywhere gives NaN
  if (!(y >= 0 && m >= 1 && m <= 12 && d >= 1 && h <= 23 && mi <= 59 && sec <= 59 && frac >= 0)) return NaN;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (m === 2 && leap ? 29 : (MONTH_DAYS[m - 1] as number))) return NaN;
  // days from 1970-01-01 to y-m-d (H. Hinnant's days_from_civil)
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return days * 86_400_000 + h * 3_600_000 + mi * 60_000 + sec * 1000 + frac;
}

/**
 * The fast path of {@link checkParsedAuditEvent}: the event (fields in schema order, as the schema's parse returns
 * it) and its epoch milliseconds when `value` — a value made by `JSON.parse` — is certainly valid; undefined when it
 * cannot tell quickly. It never accepts what the schema rejects: every condition below implies the schema's check of
 * that field (same constants, same zod patterns), and anything it does not handle falls through to the schema:
 *
 * - objects: non-null, not arrays, only the schema's keys (`for…in`, as zod's strict objects check them); an own
 *   `__proto__` key (which `JSON.parse` can make) is not a schema key, so it falls through;
 * - strings: the same `typeof`, length bounds and patterns as the schema (ULID, tenant, zod's email and IPv4
 *   patterns; the schema's own {@link isIpAddress} for anything else);
 * - timestamp: stricter than `z.iso.datetime()`: only `YYYY-MM-DDTHH:mm:ss.sssZ` (what `toISOString()` writes), and
 *   only a real calendar day (leap years included), hours 00–23, minutes and seconds 00–59 — what zod's pattern asks
 *   of that shape (other shapes, such as no or more fraction digits, go to the schema);
 * - metadata: a non-null, non-array object without an own `__proto__` key (zod's record would drop that key); from
 *   `JSON.parse` it is always a plain object with string keys only, as `z.record(z.string(), z.unknown())` requires;
 *   zod copies it key by key in the same order with the same values, so both serialise to the same JSON.
 *
 * test/audit/event.test.ts checks it against the schema on valid events and on mutations of every field.
 */
export function fastParsedAuditEvent(value: unknown): { event: AuditEvent; ms: number } | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  for (const key in v) if (!EVENT_KEYS.has(key)) return undefined;
  const { eventId, tenant, actor, action, target, timestamp, ip, userAgent, outcome, metadata } = v;
  if (typeof eventId !== "string" || !ULID_PATTERN.test(eventId)) return undefined;
  if (typeof tenant !== "string" || !TENANT_PATTERN.test(tenant)) return undefined;
  if (typeof actor !== "object" || actor === null || Array.isArray(actor)) return undefined;
  const a = actor as Record<string, unknown>;
  for (const key in a) if (!ACTOR_KEYS.has(key)) return undefined;
  const { type, id, email } = a;
  if (typeof type !== "string" || !ACTOR_TYPE_SET.has(type)) return undefined;
  if (typeof id !== "string" || id.length < 1 || id.length > 200) return undefined;
  const hasEmail = "email" in a;
  if (hasEmail && (typeof email !== "string" || !EMAIL_PATTERN.test(email))) return undefined;
  if (typeof action !== "string" || !ACTIONS.has(action)) return undefined;
  const hasTarget = "target" in v;
  if (hasTarget && (typeof target !== "string" || target.length < 1 || target.length > 500)) return undefined;
  if (typeof timestamp !== "string") return undefined;
  const ms = isoMillis(timestamp);
  if (Number.isNaN(ms)) return undefined;
  if (typeof ip !== "string" || !(IPV4_PATTERN.test(ip) || isIpAddress(ip))) return undefined;
  if (typeof userAgent !== "string" || userAgent.length > 1000) return undefined;
  if (typeof outcome !== "string" || !OUTCOME_SET.has(outcome)) return undefined;
  const hasMetadata = "metadata" in v;
  if (hasMetadata && (typeof metadata !== "object" || metadata === null || Array.isArray(metadata) || Object.hasOwn(metadata, "__proto__"))) return undefined;
  const event: Record<string, unknown> = { eventId, tenant, actor: hasEmail ? { type, id, email } : { type, id }, action };
  if (hasTarget) event.target = target;
  event.timestamp = timestamp;
  event.ip = ip;
  event.userAgent = userAgent;
  event.outcome = outcome;
  if (hasMetadata) event.metadata = metadata;
  return { event: event as AuditEvent, ms };
}

/**
 * {@link checkAuditEvent} for a value made by `JSON.parse` (the exporter's case), with the same results: the
 * common valid event takes {@link fastParsedAuditEvent}; anything else goes through the schema.
 */
export function checkParsedAuditEvent(value: unknown): AuditEventCheck {
  const fast = fastParsedAuditEvent(value);
  return fast === undefined ? checkAuditEvent(value) : { ok: true, event: fast.event };
}
