import type { DeadlineKind } from "./schema";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Kinds of notice `incident notify --mark-sent` records; each meets a deadline. */
export const NOTICE_KINDS = ["authority", "tenants", "update", "california-residents", "california-ag"] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Between phased updates to the supervisory authority (Art. 33(4)); our own cadence, not a legal figure. */
export const PHASED_UPDATE_HOURS = 72;

export interface Deadline {
  readonly kind: DeadlineKind;
  readonly title: string;
  readonly basis: string;
  /** ISO time it is due; undefined while it does not apply yet. */
  readonly due?: string;
  /** When the notice that meets it was recorded as sent. */
  readonly metAt?: string;
  readonly state: "met" | "open" | "overdue" | "not-yet" | "not-required";
  /** Milliseconds left (negative when overdue); undefined unless open or overdue. */
  readonly remainingMs?: number;
}

export interface DeadlineInput {
  readonly awareAt: string;
  readonly kinds: readonly DeadlineKind[];
  readonly noticesSent: readonly { kind: string; at: string }[];
  /** Number of California residents affected, when known. */
  readonly californiaResidents?: number;
  readonly closedAt?: string;
}

function firstSent(input: DeadlineInput, kind: NoticeKind): string | undefined {
  return input.noticesSent.filter((n) => n.kind === kind).map((n) => n.at).sort()[0];
}

function judge(kind: DeadlineKind, title: string, basis: string, due: number, metAt: string | undefined, now: Date): Deadline {
  const dueIso = new Date(due).toISOString();
  if (metAt !== undefined) return { kind, title, basis, due: dueIso, metAt, state: "met" };
  const remainingMs = due - now.getTime();
  return { kind, title, basis, due: dueIso, state: remainingMs < 0 ? "overdue" : "open", remainingMs };
}

/**
 * The clocks an incident runs, from the moment of awareness. Pure: takes `now`.
 * - gdpr-authority: GDPR Art. 33(1), the supervisory authority within 72 h of becoming aware.
 * - tenant-notice: Art. 33(2) (we are our tenants' processor) and the security page's promise: 72 h.
 * - phased-updates: Art. 33(4), further information in phases: every 72 h after the first notice until closed.
 * - california-residents: Cal. Civ. Code 1798.82, residents within 30 days.
 * - california-ag: a sample notice to the Attorney General within 15 days of the residents' notice when more than
 *   500 residents are affected.
 */
export function computeDeadlines(input: DeadlineInput, now: Date): Deadline[] {
  const aware = Date.parse(input.awareAt);
  const out: Deadline[] = [];
  for (const kind of input.kinds) {
    switch (kind) {
      case "gdpr-authority":
        out.push(judge(kind, "notify the supervisory authority", "GDPR Art. 33(1): within 72 hours of becoming aware", aware + 72 * HOUR, firstSent(input, "authority"), now));
        break;
      case "tenant-notice":
        out.push(judge(kind, "notify affected tenants (controllers)", "GDPR Art. 33(2) and the security page: within 72 hours", aware + 72 * HOUR, firstSent(input, "tenants"), now));
        break;
      case "phased-updates": {
        const basis = `GDPR Art. 33(4): information in phases; an update every ${PHASED_UPDATE_HOURS} hours until closed`;
        const sent = input.noticesSent.filter((n) => n.kind === "authority" || n.kind === "update").map((n) => Date.parse(n.at));
        if (sent.length === 0) {
          out.push({ kind, title: "next update to the authority", basis, state: "not-yet" });
          break;
        }
        const due = Math.max(...sent) + PHASED_UPDATE_HOURS * HOUR;
        if (input.closedAt !== undefined) out.push({ kind, title: "next update to the authority", basis, due: new Date(due).toISOString(), metAt: input.closedAt, state: "met" });
        else out.push(judge(kind, "next update to the authority", basis, due, undefined, now));
        break;
      }
      case "california-residents":
        out.push(judge(kind, "notify California residents", "Cal. Civ. Code 1798.82: within 30 days", aware + 30 * DAY, firstSent(input, "california-residents"), now));
        break;
      case "california-ag": {
        const basis = "Cal. Civ. Code 1798.82: sample notice to the Attorney General within 15 days when more than 500 residents are affected";
        if (input.californiaResidents === undefined || input.californiaResidents <= 500) {
          out.push({ kind, title: "sample notice to the California Attorney General", basis, state: "not-required" });
          break;
        }
        const residents = firstSent(input, "california-residents");
        const from = residents !== undefined ? Date.parse(residents) : aware + 30 * DAY;
        out.push(judge(kind, "sample notice to the California Attorney General", basis, from + 15 * DAY, firstSent(input, "california-ag"), now));
        break;
      }
    }
  }
  return out;
}

/** `2d 03h 12m` */
export function formatDuration(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  return `${d > 0 ? `${d}d ` : ""}${String(h).padStart(2, "0")}h ${String(m).padStart(2, "0")}m`;
}

/** One line per deadline; overdue ones are loud. */
export function formatDeadline(d: Deadline): string {
  switch (d.state) {
    case "met":
      return `met      ${d.title} (due ${d.due}, done ${d.metAt})`;
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
