import { z } from "zod";
import { keyGenerationsSchema } from "./keyGenerations";
import { SES_REGIONS } from "./regions";

/** ^[a-z][a-z0-9-]{1,38}[a-z0-9]$ — 3 to 40 characters; also what keeps ids safe to use in file names. */
export const TENANT_ID_PATTERN = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;
const AGENT_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;
/** A lower-case DNS name with at least two labels, each 1–63 characters, not starting or ending with '-'. */
export const DOMAIN_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const PLANS = ["free", "pro", "enterprise"] as const;
export type Plan = (typeof PLANS)[number];

export const SUPPRESSION_REASONS = ["BOUNCE", "COMPLAINT"] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

export const KEY_SCOPES = ["send", "events:read", "suppressions:read", "suppressions:write", "domains:read", "audit:read"] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

/** CloudWatch Logs retention values of at least one year (the security page promises one year). */
export const AUDIT_RETENTION_DAYS = [365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
export type AuditRetentionDays = (typeof AUDIT_RETENTION_DAYS)[number];
export const DEFAULT_RETENTION_DAYS: AuditRetentionDays = 365;

const domain = (what: string) =>
  z
    .string()
    .toLowerCase()
    .regex(DOMAIN_PATTERN, { error: `expected a domain name such as mail.example.com, got {value}` })
    .describe(what);

const email = (what: string) => z.email({ error: "expected an email address, got {value}" }).describe(what);

/** Runs even when items had other problems, so every problem in a file is reported at once. */
const always = { when: () => true };

/**
 * Flags the second and later occurrences of a key among the items (items that are not yet valid are skipped). Runs
 * even when the value had other problems (`always`), so it must not assume a list: `domains: mail.x.example` reaches
 * it as a string, already reported as a type error.
 */
function uniqueBy<T>(key: (item: T) => unknown, what: string, at: (string | number)[] = []) {
  return (items: unknown, ctx: z.core.$RefinementCtx<readonly T[]>) => {
    if (!Array.isArray(items)) return;
    const seen = new Map<string, number>();
    (items as readonly T[]).forEach((item, i) => {
      const k = item === null || item === undefined ? undefined : key(item);
      if (typeof k !== "string") return;
      const first = seen.get(k);
      if (first === undefined) seen.set(k, i);
      else ctx.addIssue({ code: "custom", path: [i, ...at], message: `expected each ${what} once; ${JSON.stringify(k)} is already at index ${first}` });
    });
  };
}

/**
 * A configuration set's custom tracking (redirect) domain must be a verified SES identity: SES refuses an unverified
 * one with InvalidTrackingOptions ("the tracking domain you specified is not verified in Amazon SES";
 * CreateConfigurationSet / PutConfigurationSetTrackingOptions). The only identities this project declares for a tenant
 * are its sending domains, and a verified domain identity covers its subdomains ("when you verify a domain identity,
 * you can send email from any subdomain ... without having to verify each one individually", SES Developer Guide,
 * "Creating and verifying identities"). So the tracking domain must be a sending domain or a subdomain of one: then it
 * verifies with that domain's DKIM records instead of failing `pulumi up` on a domain nothing verifies.
 */
export function trackingDomainCovered(sending: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  const s = sending as { domains?: unknown; trackingDomain?: unknown } | null;
  if (s === null || typeof s !== "object" || typeof s.trackingDomain !== "string" || !Array.isArray(s.domains)) return;
  const tracking = s.trackingDomain.toLowerCase();
  const domains = s.domains.filter((d): d is string => typeof d === "string").map((d) => d.toLowerCase());
  if (domains.length === 0 || domains.some((d) => tracking === d || tracking.endsWith(`.${d}`))) return;
  ctx.addIssue({
    code: "custom",
    path: ["trackingDomain"],
    input: s.trackingDomain,
    message: `expected the tracking domain to be a sending domain or a subdomain of one (${domains.join(", ")}), got ${JSON.stringify(tracking)}: SES refuses a tracking domain that is not a verified identity (InvalidTrackingOptions), and the tenant's sending domains are the identities it verifies; e.g. click.${domains[0]}`,
  });
}

export const apiKeySchema = z
  .strictObject({
    agent: z
      .string()
      .regex(AGENT_PATTERN, { error: "expected an agent name: 1–40 characters, lower-case letters, digits and '-', starting with a letter; got {value}" })
      .describe("the agent (service or bot) the key is issued to, unique within the tenant"),
    scopes: z
      .array(z.enum(KEY_SCOPES).describe(`an API scope: one of ${KEY_SCOPES.join(", ")}`))
      .min(1, { error: "expected at least one scope" })
      .superRefine(uniqueBy((x) => x, "scope"), always)
      .describe("what the key may do"),
  })
  .describe("an API-key scope set for one agent");

export const tenantSchema = z
  .strictObject({
    id: z
      .string()
      .regex(TENANT_ID_PATTERN, {
        error: "expected a tenant id: 3–40 characters of lower-case letters, digits and '-', starting with a letter, not ending with '-'; got {value}",
      })
      .refine((id) => id !== "platform", { error: 'expected a tenant id other than "platform", which names platform-wide audit events' })
      .describe("the tenant id; equals the file name and names every resource of the tenant"),
    name: z
      .string()
      .trim()
      .min(1, { error: "expected a display name of 1–100 characters, got an empty string" })
      .max(100, { error: "expected a display name of 1–100 characters, got {value}" })
      .describe("the customer's display name, 1–100 characters"),
    plan: z.enum(PLANS).describe("the billing plan: free, pro or enterprise; audit-log exports need a paid plan"),
    region: z.enum(SES_REGIONS).describe("an AWS region where SES v2 is offered, e.g. eu-west-1"),
    contacts: z
      .strictObject({
        security: email("address that receives security-incident notices"),
        dpo: email("the data-protection officer's address").optional(),
      })
      .describe("who to tell about incidents"),
    sending: z
      .strictObject({
        domains: z
          .array(domain("a sending domain"))
          .min(1, { error: "expected 1–20 sending domains, got none" })
          .max(20, { error: "expected 1–20 sending domains, got more than 20" })
          .superRefine(uniqueBy((x) => (typeof x === "string" ? x.toLowerCase() : x), "domain"), always)
          .describe("sending domains: 1–20 unique domain names, unique across all tenants"),
        tlsPolicy: z
          .literal("REQUIRE", { error: "expected REQUIRE: the security page promises TLS in transit, so OPTIONAL is not allowed; got {value}" })
          .default("REQUIRE")
          .describe("delivery TLS policy of the configuration set; only REQUIRE is accepted"),
        suppressedReasons: z
          .array(z.enum(SUPPRESSION_REASONS).describe("a suppression reason: BOUNCE or COMPLAINT"))
          .superRefine(uniqueBy((x) => x, "reason"), always)
          .default(["BOUNCE", "COMPLAINT"])
          .describe("which events add a recipient to the suppression list"),
        trackingDomain: domain("custom domain for open and click tracking, served over HTTPS only").optional(),
      })
      .superRefine(trackingDomainCovered, always)
      .describe("how the tenant sends"),
    audit: z
      .strictObject({
        retentionDays: z
          .number({ error: "expected a number of days" })
          .int({ error: "expected a whole number of days, got {value}" })
          .refine((n) => (AUDIT_RETENTION_DAYS as readonly number[]).includes(n), {
            error: `expected a CloudWatch Logs retention value of at least one year: ${AUDIT_RETENTION_DAYS.join(", ")}; got {value}`,
          })
          .default(DEFAULT_RETENTION_DAYS)
          .describe("days to keep audit logs: a CloudWatch Logs retention value of at least 365"),
      })
      .default({ retentionDays: DEFAULT_RETENTION_DAYS })
      .describe("audit-log settings"),
    keys: z
      .array(apiKeySchema)
      .superRefine(uniqueBy((k: { agent?: unknown }) => (typeof k === "object" ? k.agent : undefined), "agent", ["agent"]), always)
      .default([])
      .describe("API-key scopes per agent"),
    kmsKeys: keyGenerationsSchema.optional(),
  })
  .describe("one EmailMate tenant");

/** The tenant file after validation and defaults. */
export type TenantFile = z.output<typeof tenantSchema>;
