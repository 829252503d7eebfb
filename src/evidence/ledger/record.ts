import { createHash } from "node:crypto";
import type { PolicyReport } from "../../policy/report/model";
import type { Check, Finding } from "../../policy/types";

export const LEDGER_RECORD_KIND = "emailmate-ops/evidence-ledger-record";
/** The `previousHash` of the first record of a ledger. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * A check's result over one run: `fail` or `error` when any resource failed or could not be evaluated, `pass` only
 * when every finding passed, `not-evaluated` when nothing was evaluated, else `needs-review` (manual, suppressed).
 */
export type RunCheckStatus = "pass" | "fail" | "error" | "needs-review" | "not-evaluated";

export interface RunCheck {
  readonly policy: string;
  readonly controls: readonly string[];
  readonly status: RunCheckStatus;
  /** Findings of this check by status (every status that occurred). */
  readonly counts: Readonly<Record<string, number>>;
}

/** A finding the auditor must see: a failure, an evaluation error or an accepted (suppressed) failure. */
export interface RunException {
  readonly policy: string;
  readonly status: string;
  readonly controls: readonly string[];
  readonly severity: string;
  readonly enforcement: string;
  readonly urn: string;
  readonly tenant?: string;
  readonly message: string;
  readonly suppression?: { readonly reason: string; readonly expires: string };
}

/** The snapshot of one evidence run, as appended to the ledger (everything but the record's own hash). */
export interface LedgerRecordBody {
  readonly kind: typeof LEDGER_RECORD_KIND;
  readonly version: 1;
  /** 1 for the first record of the ledger, then one more per record. */
  readonly seq: number;
  readonly runAt: string;
  /** The UTC day of the run (what period coverage counts). */
  readonly day: string;
  /** The period the run's evidence covers: a run is a point-in-time snapshot of the state it checked. */
  readonly period: { readonly kind: "point-in-time"; readonly from: string; readonly to: string };
  readonly toolVersion: string;
  readonly gitCommit: string;
  readonly source: PolicyReport["source"];
  /** The evidence bundle this run wrote: its manifest's SHA-256, where it was written, whether it was signed. */
  readonly bundle: { readonly manifestSha256: string; readonly out: string; readonly signedBy?: string };
  readonly controls: readonly { readonly control: string; readonly status: string }[];
  readonly checks: readonly RunCheck[];
  /** The tenant population of the run (ids, sorted). */
  readonly tenants: readonly string[];
  readonly findings: { readonly summary: Readonly<Record<string, number>>; readonly exceptions: readonly RunException[] };
  readonly previousHash: string;
}

export interface LedgerRecord extends LedgerRecordBody {
  /** SHA-256 of the canonical JSON of the body (every field but `hash`). */
  readonly hash: string;
}

/** JSON with object keys sorted at every level: the bytes a record's hash is computed over. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function recordHash(body: object): string {
  const rest: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  delete rest.hash;
  return createHash("sha256").update(canonicalJson(rest), "utf8").digest("hex");
}

/** The stored bytes of a record: two-space JSON and a final newline. */
export function serializeRecord(record: LedgerRecord): string {
  return JSON.stringify(record, null, 2) + "\n";
}

/**
 * A record's object name in the ledger: its zero-padded sequence number, so names sort in order and two runs
 * appending at once compete for the same name (created exclusively: one wins, the other re-reads and retries).
 */
export function recordName(record: Pick<LedgerRecordBody, "seq">): string {
  return `${String(record.seq).padStart(8, "0")}.json`;
}

export function checkStatus(counts: Readonly<Record<string, number>>): RunCheckStatus {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const n = (s: string) => counts[s] ?? 0;
  if (n("fail") > 0) return "fail";
  if (n("error") > 0) return "error";
  if (total === 0 || n("not-evaluated") === total) return "not-evaluated";
  if (n("pass") === total) return "pass";
  return "needs-review";
}

const EXCEPTION_STATUSES: ReadonlySet<string> = new Set(["fail", "error", "suppressed"]);

export interface RunSnapshot {
  readonly runAt: Date;
  readonly toolVersion: string;
  readonly gitCommit: string;
  readonly report: PolicyReport;
  readonly checks: readonly Check[];
  readonly controls: readonly { readonly control: string; readonly status: string }[];
  /** Tenant ids of the run: from the tenant files and the evaluated resources. */
  readonly tenants: readonly string[];
  readonly manifestSha256: string;
  readonly out: string;
  readonly signedBy?: string;
}

/** The body of the next record (pure): a run's snapshot, chained to the previous record. */
export function buildRecordBody(run: RunSnapshot, previous: Pick<LedgerRecord, "seq" | "hash"> | undefined): LedgerRecordBody {
  const runAt = run.runAt.toISOString();
  const byPolicy = new Map<string, Finding[]>();
  for (const f of run.report.findings) {
    const list = byPolicy.get(f.policy);
    if (list === undefined) byPolicy.set(f.policy, [f]);
    else list.push(f);
  }
  const checks = run.checks.map((k): RunCheck => {
    const counts: Record<string, number> = {};
    for (const f of byPolicy.get(k.id) ?? []) counts[f.status] = (counts[f.status] ?? 0) + 1;
    return { policy: k.id, controls: [...k.controls], status: checkStatus(counts), counts };
  });
  const exceptions = run.report.findings
    .filter((f) => EXCEPTION_STATUSES.has(f.status))
    .map(
      (f): RunException => ({
        policy: f.policy,
        status: f.status,
        controls: [...f.controls],
        severity: f.severity,
        enforcement: f.enforcement,
        urn: f.urn,
        ...(f.tenant !== undefined ? { tenant: f.tenant } : {}),
        message: f.message,
        ...(f.suppression !== undefined ? { suppression: { reason: f.suppression.reason, expires: f.suppression.expires } } : {}),
      }),
    )
    .sort((a, b) => (a.policy + "\u0000" + a.urn < b.policy + "\u0000" + b.urn ? -1 : 1));
  return {
    kind: LEDGER_RECORD_KIND,
    version: 1,
    seq: (previous?.seq ?? 0) + 1,
    runAt,
    day: runAt.slice(0, 10),
    period: { kind: "point-in-time", from: runAt, to: runAt },
    toolVersion: run.toolVersion,
    gitCommit: run.gitCommit,
    source: run.report.source,
    bundle: { manifestSha256: run.manifestSha256, out: run.out, ...(run.signedBy !== undefined ? { signedBy: run.signedBy } : {}) },
    controls: run.controls.map((c) => ({ control: c.control, status: c.status })),
    checks,
    tenants: [...new Set(run.tenants)].sort(),
    findings: { summary: { ...run.report.summary }, exceptions },
    previousHash: previous?.hash ?? GENESIS_HASH,
  };
}

export function sealRecord(body: LedgerRecordBody): LedgerRecord {
  return { ...body, hash: recordHash(body) };
}
