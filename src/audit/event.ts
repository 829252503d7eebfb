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

const ipv4 = z.ipv4();
const ipv6 = z.ipv6();

/** One audit event, as written to CloudWatch Logs (one JSON object per log event) and exported. */
export const auditEventSchema = z
  .strictObject({
    eventId: z.string().regex(ULID_PATTERN, { error: "expected a ULID (26 characters of Crockford base32), got {value}" }).describe("unique, time-ordered event id (ULID)"),
    tenant: z.string().regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, { error: "expected a tenant id, got {value}" }).describe(`the tenant id, or "${PLATFORM_TENANT}"`),
    actor: z
      .strictObject({
        type: z.enum(["user", "apiKey", "system"]).describe("who acted: a user, an API key or the system"),
        id: z.string().min(1).max(200).describe("the actor's id"),
        email: z.email().optional().describe("the user's email, when the actor is a user"),
      })
      .describe("who performed the action"),
    action: z.enum(AUDIT_ACTIONS).describe("the administrative action"),
    target: z.string().min(1).max(500).optional().describe("what the action was applied to"),
    timestamp: z.iso.datetime({ offset: false, error: "expected an ISO 8601 UTC timestamp ending in Z, got {value}" }).describe("when it happened (ISO 8601, UTC)"),
    ip: z.string().refine((s) => ipv4.safeParse(s).success || ipv6.safeParse(s).success, { error: "expected an IPv4 or IPv6 address, got {value}" }).describe("the client's IP address"),
    userAgent: z.string().max(1000).describe("the client's user agent"),
    outcome: z.enum(["success", "failure"]).describe("whether the action succeeded"),
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
