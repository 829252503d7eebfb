import { z } from "zod";
import type { Clock } from "../core/clock";
import type { Diagnostic } from "../config/diagnostics";
import { issuesToDiagnostics } from "../config/schemaIssues";
import { decodeUtf8, parseYamlText } from "../config/yamlFile";
import type { Finding } from "./types";

const POLICY_ID = /^[a-z0-9]+(-[a-z0-9]+)+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD that names a real day: Date.parse rolls 2027-02-30 over to March 2, so compare the round trip. */
function isCalendarDate(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
}

export const suppressionSchema = z
  .strictObject({
    policy: z
      .string({ error: "expected a policy id such as aws-kms-key-enable-key-rotation" })
      .regex(POLICY_ID, { error: "expected a policy id such as aws-kms-key-enable-key-rotation, got {value}" })
      .describe("the id of the policy whose failure is accepted"),
    resource: z
      .string({ error: "expected a resource URN or a glob over URNs" })
      .min(1, { error: "expected a resource URN or a glob over URNs, got an empty string" })
      .describe("a resource URN, or a glob over URNs (* matches any characters, ? one)"),
    reason: z
      .string({ error: "expected a reason: why the failure is accepted, and who accepted it" })
      .trim()
      .min(10, { error: "expected a reason of at least 10 characters: why the failure is accepted, and who accepted it" })
      .describe("why the failure is accepted, and who accepted it"),
    expires: z
      .string({ error: "expected an expiry date YYYY-MM-DD" })
      .regex(DATE, { error: "expected an expiry date YYYY-MM-DD, got {value}", abort: true })
      .refine(isCalendarDate, { error: "expected a real calendar date, got {value}" })
      .describe("the last day (UTC) the suppression applies; at most one year ahead"),
  })
  .describe("one accepted policy failure");

export const suppressionsFileSchema = z
  .strictObject({
    suppressions: z.array(suppressionSchema).default([]).describe("accepted policy failures"),
  })
  .describe("policy suppressions");

export type Suppression = z.output<typeof suppressionSchema>;

/** Longest a suppression may run, so accepted risks come back for review. */
export const MAX_SUPPRESSION_DAYS = 366;

/**
 * Parses and validates a suppressions file: schema problems, expired entries and entries further than a year ahead
 * are located diagnostics (exit 2). Pure: takes the bytes and the clock.
 */
export function parseSuppressions(
  file: string,
  bytes: Uint8Array,
  clock: Clock,
  knownPolicies?: ReadonlySet<string>,
): { ok: true; suppressions: Suppression[] } | { ok: false; diagnostics: Diagnostic[] } {
  const decoded = decodeUtf8(file, bytes);
  if (!decoded.ok) return decoded;
  const parsed = parseYamlText(file, decoded.text);
  if (!parsed.ok) return parsed;
  const { value, locator } = parsed.parsed;
  const result = suppressionsFileSchema.safeParse(value);
  if (!result.success) return { ok: false, diagnostics: issuesToDiagnostics(file, suppressionsFileSchema, value, locator, result.error.issues) };
  const today = clock.now().toISOString().slice(0, 10);
  const limit = new Date(clock.now().getTime() + MAX_SUPPRESSION_DAYS * 86_400_000).toISOString().slice(0, 10);
  const diagnostics: Diagnostic[] = [];
  result.data.suppressions.forEach((s, i) => {
    const at = (field: string) => locator.at(["suppressions", i, field]);
    if (s.expires < today) {
      const { line, col } = at("expires");
      diagnostics.push({ file, line, col, code: "E_VALUE", path: `suppressions.${i}.expires`, message: `suppression expired on ${s.expires} (today is ${today}); fix the failure or renew the suppression with a new reason` });
    } else if (s.expires > limit) {
      const { line, col } = at("expires");
      diagnostics.push({ file, line, col, code: "E_VALUE", path: `suppressions.${i}.expires`, message: `expected an expiry at most ${MAX_SUPPRESSION_DAYS} days ahead (by ${limit}), got ${s.expires}` });
    }
    if (knownPolicies !== undefined && !knownPolicies.has(s.policy)) {
      const { line, col } = at("policy");
      diagnostics.push({ file, line, col, code: "E_REFERENCE", path: `suppressions.${i}.policy`, message: `unknown policy "${s.policy}"; expected the id of a check in the pack` });
    }
  });
  return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, suppressions: result.data.suppressions };
}

/** `*` matches any characters (including `::` and `$`), `?` one character; everything else literally. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (const ch of glob) {
    if (ch === "*") re += ".*";
    else if (ch === "?") re += ".";
    else re += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/**
 * Marks failures that a live suppression covers as `suppressed` (they stay in every report, with the reason).
 * Returns the suppressions that matched nothing.
 */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], clock: Clock): { findings: Finding[]; unused: Suppression[] } {
  if (suppressions.length === 0) return { findings: [...findings], unused: [] };
  const today = clock.now().toISOString().slice(0, 10);
  const live = suppressions.filter((s) => s.expires >= today).map((s) => ({ s, re: globToRegExp(s.resource) }));
  const used = new Set<Suppression>();
  const out = findings.map((f) => {
    if (f.status !== "fail") return f;
    const hit = live.find(({ s, re }) => s.policy === f.policy && re.test(f.urn));
    if (hit === undefined) return f;
    used.add(hit.s);
    return { ...f, status: "suppressed" as const, suppression: { reason: hit.s.reason, expires: hit.s.expires, resource: hit.s.resource } };
  });
  return { findings: out, unused: suppressions.filter((s) => !used.has(s)) };
}
