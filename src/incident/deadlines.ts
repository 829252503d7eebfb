import type { DeadlineKind, GdprRole } from "./schema";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Kinds of notice `incident notify --mark-sent` records; each meets a deadline. */
export const NOTICE_KINDS = ["authority", "tenants", "update", "california-residents", "california-ag", "acknowledgement", "triage"] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Between phased updates to the supervisory authority (Art. 33(4)); our own cadence, not a legal figure. */
export const PHASED_UPDATE_HOURS = 72;

export interface Deadline {
  readonly kind: DeadlineKind;
  readonly title: string;
  readonly basis: string;
  /** A legal obligation (GDPR, Cal. Civ. Code), as opposed to a promise of the security page or our own cadence. */
  readonly legal: boolean;
  /** ISO time it is due; undefined while it does not apply yet. */
  readonly due?: string;
  /** When the notice that meets it was recorded as sent. */
  readonly metAt?: string;
  /** met: done in time · late: done after it was due · open · overdue: not done and past due. */
  readonly state: "met" | "late" | "open" | "overdue" | "not-yet" | "not-required";
  /** Milliseconds left (negative when overdue); undefined unless open or overdue. */
  readonly remainingMs?: number;
  /** How late the notice was sent (state late). */
  readonly lateByMs?: number;
}

export interface DeadlineInput {
  readonly awareAt: string;
  readonly kinds: readonly DeadlineKind[];
  readonly noticesSent: readonly { kind: string; at: string }[];
  /** EmailMate's GDPR role: which GDPR clocks are ours (see GDPR_ROLES). */
  readonly gdprRole: GdprRole;
  /** Number of California residents affected, when known. */
  readonly californiaResidents?: number;
  readonly closedAt?: string;
}

function firstSent(input: DeadlineInput, kind: NoticeKind): string | undefined {
  return input.noticesSent.filter((n) => n.kind === kind).map((n) => n.at).sort()[0];
}

function judge(kind: DeadlineKind, title: string, basis: string, legal: boolean, due: number, metAt: string | undefined, now: Date): Deadline {
  const dueIso = new Date(due).toISOString();
  if (metAt !== undefined) {
    const lateByMs = Date.parse(metAt) - due;
    return lateByMs > 0 ? { kind, title, basis, legal, due: dueIso, metAt, state: "late", lateByMs } : { kind, title, basis, legal, due: dueIso, metAt, state: "met" };
  }
  const remainingMs = due - now.getTime();
  return { kind, title, basis, legal, due: dueIso, state: remainingMs < 0 ? "overdue" : "open", remainingMs };
}

const notRequired = (kind: DeadlineKind, title: string, basis: string): Deadline => ({ kind, title, basis, legal: false, state: "not-required" });
const NOT_PERSONAL = "not a personal-data breach (GDPR role none): no GDPR clock runs";

/**
 * The clocks an incident runs, from the moment of awareness, by EmailMate's GDPR role. Pure: takes `now`.
 * - gdpr-authority: GDPR Art. 33(1), the supervisory authority within 72 h — only when EmailMate is the controller;
 *   as processor it is the controller's (the tenant's) clock.
 * - tenant-notice: as processor, Art. 33(2): the controller without undue delay; the security page promises 72 h to
 *   customers affected by any security incident, which is the due time in every role.
 * - phased-updates: Art. 33(4), further information to the authority every 72 h after the first notice until closed
 *   (controller only).
 * - california-residents / california-ag: Cal. Civ. Code 1798.82, residents within 30 days, a sample notice to the
 *   Attorney General within 15 days of it above 500 residents — the data owner's duty (controller); a processor tells
 *   the owner (1798.82(b)), which the tenant notice covers.
 * - reporter-acknowledge / reporter-triage: the security page's vulnerability-report promises, 24 h and 72 h.
 */
export function computeDeadlines(input: DeadlineInput, now: Date): Deadline[] {
  const aware = Date.parse(input.awareAt);
  const role = input.gdprRole;
  const out: Deadline[] = [];
  for (const kind of input.kinds) {
    switch (kind) {
      case "gdpr-authority": {
        const title = "notify the supervisory authority";
        if (role === "controller") out.push(judge(kind, title, "GDPR Art. 33(1): within 72 hours of becoming aware", true, aware + 72 * HOUR, firstSent(input, "authority"), now));
        else if (role === "processor") out.push(notRequired(kind, title, "GDPR Art. 33(1) is the controller's clock: as processor we notify the controller (tenant-notice), who notifies its authority"));
        else out.push(notRequired(kind, title, NOT_PERSONAL));
        break;
      }
      case "tenant-notice": {
        const due = aware + 72 * HOUR;
        const sent = firstSent(input, "tenants");
        if (role === "processor") out.push(judge(kind, "notify the controllers (affected tenants)", "GDPR Art. 33(2): without undue delay; the security page promises 72 hours", true, due, sent, now));
        else out.push(judge(kind, "notify affected tenants", "the security page: customers affected by a security incident are told within 72 hours", false, due, sent, now));
        break;
      }
      case "phased-updates": {
        const title = "next update to the authority";
        if (role !== "controller") {
          out.push(notRequired(kind, title, role === "processor" ? "GDPR Art. 33(4) updates go from the controller to its authority" : NOT_PERSONAL));
          break;
        }
        const basis = `GDPR Art. 33(4): information in phases; an update every ${PHASED_UPDATE_HOURS} hours until closed (our cadence)`;
        const sent = input.noticesSent.filter((n) => n.kind === "authority" || n.kind === "update").map((n) => Date.parse(n.at));
        if (sent.length === 0) {
          out.push({ kind, title, basis, legal: false, state: "not-yet" });
          break;
        }
        const due = Math.max(...sent) + PHASED_UPDATE_HOURS * HOUR;
        if (input.closedAt !== undefined) out.push({ kind, title, basis, legal: false, due: new Date(due).toISOString(), metAt: input.closedAt, state: "met" });
        else out.push(judge(kind, title, basis, false, due, undefined, now));
        break;
      }
      case "california-residents": {
        const title = "notify California residents";
        if (role === "controller") out.push(judge(kind, title, "Cal. Civ. Code 1798.82: within 30 days", true, aware + 30 * DAY, firstSent(input, "california-residents"), now));
        else out.push(notRequired(kind, title, role === "processor" ? "Cal. Civ. Code 1798.82(b): the data owner (the tenant) notifies residents; we tell the owner (tenant-notice)" : NOT_PERSONAL));
        break;
      }
      case "california-ag": {
        const title = "sample notice to the California Attorney General";
        const basis = "Cal. Civ. Code 1798.82: sample notice to the Attorney General within 15 days when more than 500 residents are affected";
        if (role !== "controller") {
          out.push(notRequired(kind, title, role === "processor" ? "Cal. Civ. Code 1798.82(b): the data owner's (the tenant's) duty" : NOT_PERSONAL));
          break;
        }
        if (input.californiaResidents === undefined || input.californiaResidents <= 500) {
          out.push(notRequired(kind, title, basis));
          break;
        }
        const residents = firstSent(input, "california-residents");
        const from = residents !== undefined ? Date.parse(residents) : aware + 30 * DAY;
        out.push(judge(kind, title, basis, true, from + 15 * DAY, firstSent(input, "california-ag"), now));
        break;
      }
      case "reporter-acknowledge":
        out.push(judge(kind, "acknowledge the report to the reporter", "the security page: we acknowledge within 24 hours", false, aware + 24 * HOUR, firstSent(input, "acknowledgement"), now));
        break;
      case "reporter-triage":
        out.push(judge(kind, "triage the report and tell the reporter", "the security page: we aim to triage within 72 hours", false, aware + 72 * HOUR, firstSent(input, "triage"), now));
        break;
    }
  }
  return out;
}

/** Legal deadlines still running (open or overdue): `incident close` refuses them unless --force --reason. */
export function openLegalDeadlines(deadlines: readonly Deadline[]): Deadline[] {
  return deadlines.filter((d) => d.legal && (d.state === "open" || d.state === "overdue"));
}

/** Deadlines missed: met late, or not met and past due. */
export function missedDeadlines(deadlines: readonly Deadline[]): Deadline[] {
  return deadlines.filter((d) => d.state === "late" || d.state === "overdue");
}

/** `2d 03h 12m` */
export function formatDuration(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  return `${d > 0 ? `${d}d ` : ""}${String(h).padStart(2, "0")}h ${String(m).padStart(2, "0")}m`;
}

/** One line per deadline; overdue and late ones are loud. */
export function formatDeadline(d: Deadline): string {
  switch (d.state) {
    case "met":
      return `met      ${d.title} (due ${d.due}, done ${d.metAt})`;
    case "late":
      return `LATE     ${d.title}: done ${d.metAt}, late by ${formatDuration(d.lateByMs ?? 0)} (was due ${d.due}) — ${d.basis}`;
    case "open":
      return `open     ${d.title}: due ${d.due}, ${formatDuration(d.remainingMs ?? 0)} left — ${d.basis}`;
    case "overdue":
      return `!!! OVERDUE by ${formatDuration(d.remainingMs ?? 0)}: ${d.title} was due ${d.due} — ${d.basis}`;
    case "not-yet":
      return `not yet  ${d.title}: starts with the first notice — ${d.basis}`;
    case "not-required":
      return `n/a      ${d.title} — ${d.basis}`;
  }
}
