import type { FilteredLogEvent } from "../aws/logs";
import { checkAuditEvent } from "./event";
import { compareEntries, runLine, type SortEntry } from "./merge";

/** Classifies one log event: a sortable entry (canonical JSON: the parsed event, fields in schema order), or why not. */
export function admitLogEvent(e: Pick<FilteredLogEvent, "message">, tenant: string): SortEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(e.message);
  } catch {
    return "message is not JSON";
  }
  const checked = checkAuditEvent(value);
  if (!checked.ok) return checked.reason;
  if (checked.event.tenant !== tenant) return `tenant: expected ${tenant}, got ${checked.event.tenant}`;
  return { ms: Date.parse(checked.event.timestamp), id: checked.event.eventId, json: JSON.stringify(checked.event) };
}

/**
 * A page's messages after admission, ready to spill and cheap to pass between threads: the admitted entries sorted
 * and formatted as run-file lines in one string, the first and last entries (to tell whether they extend the slice's
 * current run), and the rejected messages' indexes with their reasons.
 */
export interface AdmittedBatch {
  readonly run: string;
  readonly count: number;
  readonly first?: SortEntry;
  readonly last?: SortEntry;
  readonly rejected: number[];
  readonly reasons: string[];
}

export function admitMessages(messages: readonly string[], tenant: string): AdmittedBatch {
  const entries: SortEntry[] = [];
  const rejected: number[] = [];
  const reasons: string[] = [];
  messages.forEach((message, i) => {
    const admitted = admitLogEvent({ message }, tenant);
    if (typeof admitted === "string") {
      rejected.push(i);
      reasons.push(admitted);
    } else entries.push(admitted);
  });
  entries.sort(compareEntries);
  let run = "";
  for (const e of entries) run += runLine(e);
  return { run, count: entries.length, first: entries[0], last: entries[entries.length - 1], rejected, reasons };
}

/** Admits a page's messages, here or on another thread (src/audit/admitPool.ts). */
export type Admitter = (messages: readonly string[], tenant: string) => Promise<AdmittedBatch>;

export const admitInline: Admitter = async (messages, tenant) => admitMessages(messages, tenant);
