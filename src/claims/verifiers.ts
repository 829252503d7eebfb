import { AUDIT_ACTIONS, checkAuditEvent } from "../audit/event";
import { EXPORT_PLANS } from "../audit/policy";
import { fixedClock } from "../core/clock";
import { BASE62, KEY_RANDOM_BYTES, generateKey, maskKey } from "../keys/format";
import { keyHash, keyMatches, keyRecord, revokeRecord } from "../keys/record";
import { AUDIT_RETENTION_DAYS, DEFAULT_RETENTION_DAYS, PLANS } from "../tenants/schema";
import type { SecurityPage } from "./page";
import type { VerifierResult } from "./resolve";

/** What verifiers may read besides the project's own modules. */
export interface VerifierContext {
  readonly page: SecurityPage;
  /** Pulumi type tokens of the planned resources, when a plan was made. */
  readonly resourceTypes?: readonly string[];
}

export interface Verifier {
  readonly id: string;
  /** What it exercises, for `claims --json` and docs. */
  readonly description: string;
  run(ctx: VerifierContext): VerifierResult;
}

const ok = (detail: string): VerifierResult => ({ status: "verified", detail });
const failed = (detail: string): VerifierResult => ({ status: "failed", detail });

const SAMPLE_EVENT = {
  eventId: "01JDXK3N0000000000000000AB",
  tenant: "acme",
  actor: { type: "user", id: "u-7", email: "ada@acme.example" },
  action: "key.create",
  target: "key/billing-bot",
  timestamp: "2026-11-30T09:00:00.000Z",
  ip: "203.0.113.7",
  userAgent: "Dashboard/2.1",
  outcome: "success",
};

/** The page's list → the audit actions that record it. */
const PROMISED_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  "member invites": ["member.invite"],
  "key creation/revocation": ["key.create", "key.revoke"],
  "domain changes": ["domain.add", "domain.remove"],
  "billing updates": ["billing.update"],
  "data exports": ["data.export"],
};

/** The base62 body of a key back to its bytes (the inverse of the key format's encoding). */
function bodyBytes(key: string): Buffer {
  const body = key.replace(/^emk_(?:live|test)_/, "").slice(0, 43);
  let n = 0n;
  for (const ch of body) n = n * 62n + BigInt(BASE62.indexOf(ch));
  return Buffer.from(n.toString(16).padStart(KEY_RANDOM_BYTES * 2, "0"), "hex");
}

/** A key made from known bytes, and its record: what the key verifiers inspect. */
function sampleKey(): { key: string; bytes: Buffer; requested: number[] } {
  const requested: number[] = [];
  let bytes = Buffer.alloc(0);
  const key = generateKey("live", (n) => {
    requested.push(n);
    bytes = Buffer.from(Array.from({ length: n }, (_, i) => (i * 151 + 89) & 0xff));
    return bytes;
  });
  return { key, bytes, requested };
}

const OWNER = { tenant: "acme", agent: "billing-bot", scopes: ["send"] as const };
const CLOCK = fixedClock("2026-01-01T00:00:00Z");

/** Page vendor names for the providers a Pulumi type token starts with. */
const PROVIDER_VENDORS: Readonly<Record<string, string>> = { aws: "AWS", vercel: "Vercel" };

export const VERIFIERS: readonly Verifier[] = [
  {
    id: "audit.event-fields",
    description: "the audit event schema accepts a complete event and refuses one without actor, timestamp, ip or userAgent",
    run() {
      if (!checkAuditEvent(SAMPLE_EVENT).ok) return failed("the schema refuses a complete sample event");
      const optional = (["actor", "timestamp", "ip", "userAgent"] as const).filter((field) => {
        const copy: Record<string, unknown> = { ...SAMPLE_EVENT };
        delete copy[field];
        return checkAuditEvent(copy).ok;
      });
      return optional.length === 0 ? ok("actor, timestamp, ip and userAgent are required by the audit event schema") : failed(`the audit event schema accepts events without ${optional.join(", ")}`);
    },
  },
  {
    id: "audit.event-actions",
    description: "every administrative action the page lists has an audit action",
    run() {
      const known = new Set<string>(AUDIT_ACTIONS);
      const missing = Object.entries(PROMISED_ACTIONS).flatMap(([what, actions]) => actions.filter((a) => !known.has(a)).map((a) => `${what} (${a})`));
      return missing.length === 0 ? ok(`audit actions: ${Object.values(PROMISED_ACTIONS).flat().join(", ")}`) : failed(`no audit action for ${missing.join(", ")}`);
    },
  },
  {
    id: "audit.retention-one-year",
    description: "tenant audit retention defaults to 365 days and cannot be set below it",
    run() {
      const below = AUDIT_RETENTION_DAYS.filter((d) => d < 365);
      if (DEFAULT_RETENTION_DAYS < 365 || below.length > 0) return failed(`retention may be ${[DEFAULT_RETENTION_DAYS, ...below].filter((d) => d < 365).join(", ")} days`);
      return ok(`default ${DEFAULT_RETENTION_DAYS} days; allowed ${AUDIT_RETENTION_DAYS.join(", ")}`);
    },
  },
  {
    id: "audit.export-paid-plans",
    description: "audit exports are allowed for every paid plan and refused for the free plan",
    run() {
      const paid = PLANS.filter((p) => p !== "free");
      const refusedPaid = paid.filter((p) => !(EXPORT_PLANS as readonly string[]).includes(p));
      if (refusedPaid.length > 0) return failed(`paid plans without exports: ${refusedPaid.join(", ")}`);
      return ok(`exports for ${EXPORT_PLANS.join(", ")}; free refused`);
    },
  },
  {
    id: "keys.entropy-256",
    description: "a key is made from 32 random bytes (256 bits), and all of them survive in the key",
    run() {
      const { key, bytes, requested } = sampleKey();
      if (requested.join() !== String(KEY_RANDOM_BYTES) || KEY_RANDOM_BYTES * 8 < 256) return failed(`key generation asks for ${requested.join(", ")} random bytes`);
      if (!bodyBytes(key).equals(bytes)) return failed("the key's body does not carry every random byte (bits lost in encoding)");
      const seen = new Set(Array.from({ length: 64 }, () => generateKey()));
      if (seen.size !== 64) return failed("64 keys from the default random source were not all distinct");
      return ok(`each key carries ${KEY_RANDOM_BYTES} bytes (256 bits) from crypto.randomBytes; the encoding is lossless`);
    },
  },
  {
    id: "keys.hash-only",
    description: "the stored record holds the key's SHA-256 and last 4 characters, and nothing from which the key can be recovered",
    run() {
      const { key } = sampleKey();
      const record = keyRecord(key, OWNER, CLOCK);
      if (record.sha256 !== keyHash(key) || !/^[0-9a-f]{64}$/.test(record.sha256)) return failed("the record's hash is not the key's SHA-256");
      const body = key.slice(9, -6);
      const leaks = Object.entries(record).filter(([field, v]) => field !== "sha256" && typeof v === "string" && v.length > 4 && Array.from({ length: body.length - 7 }, (_, i) => body.slice(i, i + 8)).some((part) => v.includes(part)));
      if (JSON.stringify(record).includes(key) || leaks.length > 0) return failed(`the record holds part of the key${leaks.length > 0 ? ` in ${leaks.map(([f]) => f).join(", ")}` : ""}`);
      if (!keyMatches(key, record)) return failed("the record does not match its own key");
      return ok(`record fields: ${Object.keys(record).join(", ")}; only the hash and the last 4 characters come from the key`);
    },
  },
  {
    id: "keys.last4",
    description: "the record and the masked form show the key's last 4 characters and nothing more of its secret part",
    run() {
      const { key } = sampleKey();
      const record = keyRecord(key, OWNER, CLOCK);
      const masked = maskKey(key);
      if (record.last4 !== key.slice(-4)) return failed(`the record's last4 ${record.last4} is not the key's last 4 characters`);
      if (masked !== `${key.slice(0, 9)}…${key.slice(-4)}`) return failed(`the masked key shows more than its prefix and last 4: ${masked.length} characters`);
      return ok(`shown as ${masked.replace(key.slice(-4), "XXXX")}`);
    },
  },
  {
    id: "keys.scoped-revocable",
    description: "a record carries the agent and scopes, and a revoked record stops matching its key at once",
    run() {
      const { key } = sampleKey();
      const record = keyRecord(key, OWNER, CLOCK);
      if (record.agent !== OWNER.agent || record.scopes.join() !== OWNER.scopes.join()) return failed("the record does not carry the agent and scopes it was issued with");
      const revoked = revokeRecord(record, CLOCK);
      if (revoked.revokedAt === null || keyMatches(key, revoked)) return failed("a revoked record still matches its key");
      return ok("records are per agent with scopes; a revoked record matches no key from the moment it is revoked");
    },
  },
  {
    id: "vendors.providers-listed",
    description: "every cloud provider the Pulumi program declares resources with is a vendor the page lists",
    run(ctx) {
      if (ctx.resourceTypes === undefined) return { status: "unverified", detail: "no plan in this invocation" };
      const providers = [...new Set(ctx.resourceTypes.map((t) => t.split(":")[0] ?? "").filter((p) => p !== "" && p !== "pulumi" && p !== "emailmate"))].sort();
      const vendorLines = ctx.page.sentences.filter((s) => /vendors/i.test(s.section)).map((s) => s.text);
      const unlisted = providers.filter((p) => {
        const vendor = PROVIDER_VENDORS[p];
        return vendor === undefined || !vendorLines.some((l) => l.startsWith(vendor));
      });
      if (unlisted.length > 0) return failed(`the plan uses providers the page does not list: ${unlisted.join(", ")}`);
      return ok(`the plan's providers (${providers.join(", ")}) are all listed vendors`);
    },
  },
  {
    id: "page.subprocessors-listed",
    description: "the page has a Vendors section naming each subprocessor",
    run(ctx) {
      const vendors = ctx.page.sentences.filter((s) => /vendors/i.test(s.section));
      return vendors.length > 0 ? ok(`${vendors.length} subprocessors listed`) : failed("the page has no Vendors section");
    },
  },
];

export const VERIFIER_IDS: ReadonlySet<string> = new Set(VERIFIERS.map((v) => v.id));

/** Runs the named verifiers; a verifier that throws is `unverified` with the error, never `verified`. */
export function runVerifiers(ids: ReadonlySet<string>, ctx: VerifierContext): Map<string, VerifierResult> {
  const out = new Map<string, VerifierResult>();
  for (const v of VERIFIERS) {
    if (!ids.has(v.id)) continue;
    try {
      out.set(v.id, v.run(ctx));
    } catch (err) {
      out.set(v.id, { status: "unverified", detail: `verifier failed: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return out;
}
