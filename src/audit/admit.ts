import { hash } from "node:crypto";
import type { FilteredLogEvent } from "../aws/logs";
import { checkAuditEvent, fastParsedAuditEvent, type AuditEvent } from "./event";
import type { SortEntry } from "./merge";

/**
 * Classifies one log event: a sortable entry (canonical JSON: the parsed event, fields in schema order), or why not.
 * The common valid event is settled by the schema's fast pre-check (`fastParsedAuditEvent`, same results); anything
 * else goes through the zod schema itself, which also words the reason.
 */
export function admitLogEvent(e: Pick<FilteredLogEvent, "message">, tenant: string): SortEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(e.message);
  } catch {
    return "message is not JSON";
  }
  let event: AuditEvent;
  let ms: number;
  const fast = fastParsedAuditEvent(value);
  if (fast !== undefined) ({ event, ms } = fast);
  else {
    const checked = checkAuditEvent(value);
    if (!checked.ok) return checked.reason;
    event = checked.event;
    ms = Date.parse(event.timestamp);
  }
  if (event.tenant !== tenant) return `tenant: expected ${tenant}, got ${event.tenant}`;
  return { ms, id: event.eventId, leaf: "", json: fast !== undefined ? canonicalJson(e.message, event) : JSON.stringify(event) };
}

/** String.prototype.isWellFormed (ES2024, in Node 20; the project's TypeScript lib is ES2022). */
type WellFormed = string & { isWellFormed(): boolean };

/**
 * `JSON.stringify(event)` for an event of the schema's fast path (fields in schema order, all strings but `metadata`)
 * parsed from `message`, built by concatenation when no string needs escaping. JSON.stringify writes a string as
 * `"` + its characters + `"` unless it holds `"`, `\`, a control character (U+0000–U+001F) or a lone surrogate.
 * In a message without any `\`, no string can hold `"`, `\` or a control character (JSON forbids them raw inside
 * strings, and `\` is the only way to escape them), and a well-formed message has no lone surrogate inside a string
 * (strings are delimited by `"`, which never splits a surrogate pair). Otherwise, and for `metadata`, JSON.stringify
 * itself. test/audit/admit.test.ts checks it against JSON.stringify.
 */
export function canonicalJson(message: string, event: AuditEvent): string {
  if (message.indexOf("\\") >= 0 || !(message as WellFormed).isWellFormed()) return JSON.stringify(event);
  const a = event.actor;
  let json = `{"eventId":"${event.eventId}","tenant":"${event.tenant}","actor":{"type":"${a.type}","id":"${a.id}"${a.email === undefined ? "" : `,"email":"${a.email}"`}},"action":"${event.action}"`;
  if (event.target !== undefined) json += `,"target":"${event.target}"`;
  json += `,"timestamp":"${event.timestamp}","ip":"${event.ip}","userAgent":"${event.userAgent}","outcome":"${event.outcome}"`;
  if (event.metadata !== undefined) json += `,"metadata":${JSON.stringify(event.metadata)}`;
  return json + "}";
}

/**
 * A page's messages after admission, ready to spill and cheap to pass between threads: the admitted entries sorted
 * and encoded as run-file lines (UTF-8, in a buffer of its own so a worker can transfer it without a copy), the first
 * and last entries (to tell whether they extend the slice's current run), and the rejected messages' indexes with
 * their reasons.
 */
export interface AdmittedBatch {
  readonly run: Uint8Array;
  readonly count: number;
  readonly first?: SortEntry;
  readonly last?: SortEntry;
  readonly rejected: number[];
  readonly reasons: string[];
  /** The rejected messages themselves (for the rejects file), so the caller need not keep the page. */
  readonly messages: string[];
}

const LEAF_HEX_LENGTH = 64;
const TAB = 0x09;
const NEWLINE = 0x0a;
/** The buffer run lines are written into (per thread, grown as needed); each page's lines are copied out of it. */
let scratch = Buffer.allocUnsafe(1 << 22);

/**
 * Admits a page's messages. Each admitted event's run line is written to a scratch buffer as soon as it is admitted,
 * so the page's parsed events and JSON strings die young (keeping 10,000 of them alive until the page is sorted cost
 * more in garbage collection than the rest of the work); only the sort keys and line offsets are kept. The lines are
 * then put in order — usually they already are, as FilterLogEvents returns events in time order — by copying them.
 *
 * With `leafHashes` (JSONL exports, where an event's record is its canonical JSON), each run line also carries the
 * record's RFC 6962 leaf hash, SHA-256(0x00 ‖ record bytes), so the merge need not hash; it is computed on the run
 * line's own bytes, with the tab before the JSON set to 0x00 for the moment.
 */
export function admitMessages(messages: readonly string[], tenant: string, leafHashes: boolean): AdmittedBatch {
  const rejected: number[] = [];
  const reasons: string[] = [];
  const rejectedMessages: string[] = [];
  const keyMs: number[] = [];
  const keyId: string[] = [];
  /** Line k spans [lineAt[k], lineAt[k + 1]) and its JSON starts at jsonAt[k]. */
  const lineAt: number[] = [0];
  const jsonAt: number[] = [];
  let buf = scratch;
  let pos = 0;
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as string;
    const e = admitLogEvent({ message }, tenant);
    if (typeof e === "string") {
      rejected.push(i);
      reasons.push(e);
      rejectedMessages.push(message);
      continue;
    }
    // at most 3 UTF-8 bytes per UTF-16 unit, plus the key and the separators
    const room = e.json.length * 3 + e.id.length + LEAF_HEX_LENGTH + 32;
    if (pos + room > buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, pos + room));
      buf.copy(bigger, 0, 0, pos);
      buf = scratch = bigger;
    }
    pos += buf.write(`${e.ms}\t${e.id}\t`, pos, "latin1");
    const leafAt = pos;
    if (leafHashes) pos += LEAF_HEX_LENGTH;
    buf[pos++] = TAB;
    const json = pos;
    pos += buf.write(e.json, pos, "utf8");
    buf[pos++] = NEWLINE;
    if (leafHashes) {
      buf[json - 1] = 0x00;
      buf.write(hash("sha256", buf.subarray(json - 1, pos - 1), "hex"), leafAt, "latin1");
      buf[json - 1] = TAB;
    }
    keyMs.push(e.ms);
    keyId.push(e.id);
    jsonAt.push(json);
    lineAt.push(pos);
  }
  const count = keyMs.length;
  const jsonOf = (k: number) => buf.toString("utf8", jsonAt[k] as number, (lineAt[k + 1] as number) - 1);
  // compareEntries on the kept keys; the JSON (for the rare tie on time and id) is decoded only when needed
  const compare = (a: number, b: number): number => {
    const ma = keyMs[a] as number;
    const mb = keyMs[b] as number;
    if (ma !== mb) return ma - mb;
    const ia = keyId[a] as string;
    const ib = keyId[b] as string;
    if (ia !== ib) return ia < ib ? -1 : 1;
    const ja = jsonOf(a);
    const jb = jsonOf(b);
    return ja < jb ? -1 : ja > jb ? 1 : 0;
  };
  let sorted = true;
  for (let k = 1; k < count && sorted; k++) sorted = compare(k - 1, k) <= 0;
  const run = Buffer.allocUnsafeSlow(pos);
  let order: number[] | undefined;
  if (sorted) buf.copy(run, 0, 0, pos);
  else {
    order = Array.from({ length: count }, (_, k) => k).sort(compare);
    let at = 0;
    for (const k of order) at += buf.copy(run, at, lineAt[k] as number, lineAt[k + 1] as number);
  }
  const entry = (k: number): SortEntry => ({
    ms: keyMs[k] as number,
    id: keyId[k] as string,
    leaf: leafHashes ? buf.toString("latin1", (jsonAt[k] as number) - 1 - LEAF_HEX_LENGTH, (jsonAt[k] as number) - 1) : "",
    json: jsonOf(k),
  });
  const first = count === 0 ? undefined : entry(order ? (order[0] as number) : 0);
  const last = count === 0 ? undefined : entry(order ? (order[count - 1] as number) : count - 1);
  return { run, count, first, last, rejected, reasons, messages: rejectedMessages };
}

/** Admits a page's messages, here or on another thread (src/audit/admitPool.ts). */
export type Admitter = (messages: readonly string[], tenant: string, leafHashes: boolean) => Promise<AdmittedBatch>;

export const admitInline: Admitter = async (messages, tenant, leafHashes) => admitMessages(messages, tenant, leafHashes);
