import type { JournalEntry } from "./journal";
import type { GdprRole, Severity } from "./schema";

/** What `incident.opened` records: everything needed to resume, including the runbook text as it was. */
export interface IncidentMeta {
  readonly id: string;
  readonly runbook: string;
  readonly runbookFile: string;
  readonly runbookSha256: string;
  readonly runbookText: string;
  readonly title: string;
  readonly severity: Severity;
  readonly owner: string;
  readonly awareAt: string;
  readonly openedAt: string;
  readonly params: Record<string, unknown>;
  /** Tenant ids the incident concerns (from tenant/tenants parameters). */
  readonly tenants: readonly string[];
  readonly host: string;
  /** EmailMate's GDPR role for this incident (the runbook's, or `--gdpr-role`); absent in journals from before roles. */
  readonly gdprRole?: GdprRole;
}

export type StepStatus = "pending" | "in-flight" | "succeeded" | "confirmed" | "failed" | "skipped" | "needs-human";

export interface StepFailure {
  readonly code: string;
  readonly message: string;
  readonly transient: boolean;
}

export interface StepState {
  readonly id: string;
  status: StepStatus;
  outputs?: Record<string, unknown>;
  /** Failures since the step was last authorized to retry (each counts against maxAttempts). */
  failures: number;
  lastFailure?: StepFailure;
  /** The `step.started` data of an attempt without an outcome yet. */
  inFlight?: Record<string, unknown> & { attempt: number };
  /** Set when the step was confirmed or approved in a dry run. */
  dryRun?: boolean;
  /** Why a human must decide (non-idempotent action whose outcome reconciliation could not settle). */
  humanReason?: string;
  attempts: number;
  requestedBy?: string;
  /** Whether the requester's identity came from the credentials (an ARN), not a free-text name. */
  requestedVerified: boolean;
  /** Everyone who approved, verified or not (dry runs record free-text names). */
  approvals: string[];
  /** Approvals by verified identities (ARNs): the only ones that count when acting on AWS. */
  verifiedApprovals: string[];
  waitUntil?: string;
  /** When the step's wait began (its first `step.waiting`). */
  waitStarted?: string;
  planned: boolean;
  doneAt?: string;
}

export interface IncidentState {
  readonly meta: IncidentMeta;
  readonly steps: Map<string, StepState>;
  readonly closed?: { at: string; by: string; note?: string };
  /** Entries whose audit event is not yet known to be written: the runner writes them first on resume. */
  readonly pendingAudits: readonly JournalEntry[];
  readonly noticesSent: readonly { kind: string; at: string; by: string }[];
  readonly drafts: readonly string[];
  /** The SHA-256 of each file the tool last wrote under the incident folder (path relative to it): edits are detected. */
  readonly fileDigests: ReadonlyMap<string, string>;
  /** True once anything was done on a step with --execute (false for an incident that was only ever dry-run). */
  readonly executedAny: boolean;
  readonly lastAt: string;
}

function stepOf(map: Map<string, StepState>, id: string): StepState {
  let s = map.get(id);
  if (s === undefined) {
    s = { id, status: "pending", failures: 0, attempts: 0, approvals: [], verifiedApprovals: [], requestedVerified: false, planned: false };
    map.set(id, s);
  }
  return s;
}

/** Folds a verified journal into the incident's current state. Pure. */
export function foldJournal(entries: readonly JournalEntry[], stepIds: readonly string[] = []): IncidentState {
  const first = entries[0];
  if (first === undefined || first.type !== "incident.opened") throw new Error("journal has no incident.opened entry");
  const meta = first.data as unknown as IncidentMeta;
  const steps = new Map<string, StepState>();
  for (const id of stepIds) stepOf(steps, id);
  let closed: IncidentState["closed"];
  const audited = new Set<string>();
  const noticesSent: { kind: string; at: string; by: string }[] = [];
  const drafts: string[] = [];
  const fileDigests = new Map<string, string>();
  let executedAny = false;
  for (const e of entries) {
    const d = e.data;
    // Anything done on a step outside a dry run (an attempt, a confirmation or approval with --execute) counts.
    if (typeof d.step === "string" && d.dryRun !== true && e.type !== "step.planned") executedAny = true;
    const digests = (d.digests ?? (d.outputs as Record<string, unknown> | undefined)?.digests) as Record<string, string> | undefined;
    if (digests !== null && typeof digests === "object") for (const [file, digest] of Object.entries(digests)) fileDigests.set(file, String(digest));
    const step = typeof d.step === "string" ? stepOf(steps, d.step) : undefined;
    switch (e.type) {
      case "step.planned":
        step!.planned = true;
        break;
      case "approval.requested":
        step!.requestedBy = String(d.by);
        step!.requestedVerified = d.unverified !== true;
        break;
      case "approval.granted":
        step!.approvals.push(String(d.by));
        if (d.unverified !== true) step!.verifiedApprovals.push(String(d.by));
        if (d.dryRun === true) step!.dryRun = true;
        break;
      case "step.confirmed":
        step!.status = "confirmed";
        step!.outputs = { note: d.note, by: d.by };
        step!.doneAt = e.at;
        if (d.dryRun === true) step!.dryRun = true;
        break;
      case "step.started":
        step!.status = "in-flight";
        step!.inFlight = d as Record<string, unknown> & { attempt: number };
        step!.attempts = Number(d.attempt);
        break;
      case "step.succeeded":
        step!.status = "succeeded";
        step!.outputs = (d.outputs ?? {}) as Record<string, unknown>;
        step!.inFlight = undefined;
        step!.doneAt = e.at;
        break;
      case "step.failed":
        step!.status = d.needsHuman === true ? "needs-human" : "failed";
        step!.humanReason = d.needsHuman === true ? String((d.error as StepFailure | undefined)?.message ?? "") : undefined;
        step!.inFlight = undefined;
        step!.failures++;
        step!.lastFailure = d.error as StepFailure;
        break;
      case "step.reconciled":
        if (d.result !== "done") {
          step!.inFlight = undefined;
          step!.status = d.needsHuman === true ? "needs-human" : "pending";
          step!.humanReason = d.needsHuman === true ? String(d.reason ?? "") : undefined;
        }
        break;
      case "step.retryAuthorized":
        step!.status = "pending";
        step!.failures = 0;
        step!.humanReason = undefined;
        step!.lastFailure = undefined;
        break;
      case "step.skipped":
        step!.status = "skipped";
        step!.doneAt = e.at;
        break;
      case "step.waiting":
        step!.waitStarted = e.at;
        step!.waitUntil = d.until === null || d.until === undefined ? undefined : String(d.until);
        break;
      case "audit.recorded":
        audited.add(String(d.eventId));
        break;
      case "notice.drafted":
        drafts.push(...((d.files as string[] | undefined) ?? []));
        break;
      case "notice.sent":
        noticesSent.push({ kind: String(d.kind), at: e.at, by: String(d.by) });
        break;
      case "incident.closed":
        closed = { at: e.at, by: String(d.by), note: d.note === undefined ? undefined : String(d.note) };
        break;
      default:
        break;
    }
  }
  const pendingAudits = entries.filter((e) => typeof e.data.auditEventId === "string" && !audited.has(e.data.auditEventId as string) && e.type !== "step.started");
  return { meta, steps, closed, pendingAudits, noticesSent, drafts: [...new Set(drafts)], fileDigests, executedAny, lastAt: entries[entries.length - 1]!.at };
}
