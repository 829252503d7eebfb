import { createHash } from "node:crypto";
import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { ExitCode, OpsError } from "../core/errors";

/** What the journal records, one type per line. */
export const ENTRY_TYPES = [
  "incident.opened",
  "step.planned",
  "approval.requested",
  "approval.granted",
  "step.confirmed",
  "step.started",
  "step.succeeded",
  "step.failed",
  "step.reconciled",
  "step.retryAuthorized",
  "step.skipped",
  "step.waiting",
  "audit.recorded",
  "notice.drafted",
  "notice.sent",
  "incident.closed",
  "journal.recovered",
  "postmortem.drafted",
] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

/** One journal line. `hash` = SHA-256 over the previous entry's hash and this entry without its hash. */
export interface JournalEntry {
  readonly seq: number;
  readonly at: string;
  readonly type: EntryType;
  readonly data: Record<string, unknown>;
  readonly prev: string;
  readonly hash: string;
}

export const GENESIS = "0".repeat(64);
export const JOURNAL_FILE = "journal.jsonl";

/** The hash of an entry: over the canonical JSON of {seq, at, type, data, prev} (keys in that order). */
export function entryHash(entry: Omit<JournalEntry, "hash">): string {
  const body = JSON.stringify({ seq: entry.seq, at: entry.at, type: entry.type, data: entry.data, prev: entry.prev });
  return createHash("sha256").update(body, "utf8").digest("hex");
}

/** Where verification failed, and why. */
export interface JournalProblem {
  readonly line: number;
  readonly message: string;
}

/** A last line without its newline: a write cut by a crash. Nothing acted on it (appends return once durable). */
export interface TornTail {
  /** Its line number. */
  readonly line: number;
  /** The bytes of the complete lines before it: where the journal is cut back to. */
  readonly keepBytes: number;
  readonly text: string;
}

/**
 * Checks a journal's text: every line JSON, sequence 1, 2, 3…, each entry chained to the previous hash. A last line
 * without its newline is reported as `torn` (recoverable), not as a problem; any other bad line is a problem. Pure.
 */
export function verifyJournalText(text: string): { entries: JournalEntry[]; problem?: JournalProblem; torn?: TornTail } {
  const entries: JournalEntry[] = [];
  if (text === "") return { entries, problem: { line: 1, message: "journal is empty; expected an incident.opened entry" } };
  const cut = text.lastIndexOf("\n") + 1;
  const whole = text.slice(0, cut);
  if (whole === "") return { entries, problem: { line: 1, message: "the first line is incomplete (no newline): the incident was never opened" } };
  const lines = whole.slice(0, -1).split("\n");
  const torn = cut < text.length ? { line: lines.length + 1, keepBytes: Buffer.byteLength(whole, "utf8"), text: text.slice(cut) } : undefined;
  let prev = GENESIS;
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    let e: JournalEntry;
    try {
      e = JSON.parse(lines[i]!) as JournalEntry;
    } catch {
      return { entries, problem: { line, message: "not a JSON line" } };
    }
    if (e === null || typeof e !== "object" || typeof e.hash !== "string" || typeof e.type !== "string" || !(ENTRY_TYPES as readonly string[]).includes(e.type)) {
      return { entries, problem: { line, message: "not a journal entry (seq, at, type, data, prev, hash)" } };
    }
    if (e.seq !== line) return { entries, problem: { line, message: `sequence number ${String(e.seq)}; expected ${line}` } };
    if (e.prev !== prev) return { entries, problem: { line, message: "prev does not match the previous entry's hash: an entry was removed, reordered or changed" } };
    const expected = entryHash(e);
    if (e.hash !== expected) return { entries, problem: { line, message: "hash does not match the entry: the entry was changed" } };
    if (line === 1 && e.type !== "incident.opened") return { entries, problem: { line, message: `first entry is ${e.type}; expected incident.opened` } };
    entries.push(e);
    prev = e.hash;
  }
  return torn === undefined ? { entries } : { entries, torn };
}

/** What a recovered torn line keeps of the dropped bytes, for the investigation (the digest covers all of them). */
const KEEP_DROPPED = 4096;

/** For tests that crash the runner on purpose: called right after an entry is durable. Never set in production. */
export const journalHooks: { afterAppend?: (entry: JournalEntry) => void } = {};

/**
 * An incident's append-only journal (JSON lines). Each append is written and fsync'd before it returns, so an entry
 * the runner acted on is on disk. A journal that fails verification is refused.
 */
export class Journal {
  private constructor(
    readonly file: string,
    private readonly list: JournalEntry[],
    /** The journal's size in bytes as this process knows it: a different size on disk means another writer. */
    private bytes: number,
    /** A torn last line found on open: appends are refused until `recoverTornTail` cuts it. */
    private tornTail?: TornTail,
  ) {}

  /** The torn last line found on open (a crash mid-write), until recovered. */
  get torn(): TornTail | undefined {
    return this.tornTail;
  }

  get entries(): readonly JournalEntry[] {
    return this.list;
  }

  /** Creates the journal (its folder must be new) with its first entry. */
  static create(file: string, at: Date, data: Record<string, unknown>): Journal {
    const journal = new Journal(file, [], 0);
    journal.append("incident.opened", data, at, "wx");
    fsyncDir(dirname(file));
    return journal;
  }

  /**
   * Opens and verifies a journal; throws E_JOURNAL_INVALID (exit 1) when it fails verification. A torn last line does
   * not fail it: the entries before it are read and `torn` says what was cut; call `recoverTornTail` (under the
   * incident's lock) before appending.
   */
  static open(file: string): Journal {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new OpsError("E_INCIDENT_NOT_FOUND", `no journal at ${file}`, { exitCode: ExitCode.invalidInput, hint: "list incidents with `emailmate-ops incident list`" });
    }
    const { entries, problem, torn } = verifyJournalText(text);
    if (problem !== undefined) {
      throw new OpsError("E_JOURNAL_INVALID", `JOURNAL FAILS VERIFICATION: ${file}:${problem.line}: ${problem.message}. Refusing to read or continue this incident.`, {
        exitCode: ExitCode.findings,
        hint: "the journal is the incident's record and must not be edited; keep a copy for the investigation and handle the incident by hand",
      });
    }
    return new Journal(file, entries, torn === undefined ? Buffer.byteLength(text, "utf8") : torn.keepBytes, torn);
  }

  /**
   * Cuts a torn last line (truncate to the last complete line, fsync) and journals `journal.recovered` with the
   * dropped bytes' length, digest and (up to 4 KiB of) text, plus `data` (who, where, the audit event id). Returns the
   * entry, or undefined when there was nothing to recover. Call only while holding the incident's lock.
   */
  recoverTornTail(at: Date, data: Record<string, unknown>): JournalEntry | undefined {
    const torn = this.tornTail;
    if (torn === undefined) return undefined;
    const fd = openSync(this.file, "r+");
    try {
      if (fstatSync(fd).size !== this.bytes + Buffer.byteLength(torn.text, "utf8")) throw changed(this.file);
      ftruncateSync(fd, this.bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.tornTail = undefined;
    const dropped = Buffer.from(torn.text, "utf8");
    return this.append(
      "journal.recovered",
      {
        ...data,
        line: torn.line,
        droppedBytes: dropped.length,
        droppedSha256: createHash("sha256").update(dropped).digest("hex"),
        dropped: dropped.subarray(0, KEEP_DROPPED).toString("utf8"),
      },
      at,
    );
  }

  /** Appends one entry and fsyncs it; returns it once it is durable. */
  append(type: EntryType, data: Record<string, unknown>, at: Date, flag: "a" | "wx" = "a"): JournalEntry {
    const last = this.list[this.list.length - 1];
    const partial = { seq: this.list.length + 1, at: at.toISOString(), type, data, prev: last?.hash ?? GENESIS };
    const entry: JournalEntry = { ...partial, hash: entryHash(partial) };
    if (this.tornTail !== undefined) {
      throw new OpsError("E_JOURNAL_TORN", `${this.file}:${this.tornTail.line}: the last line is torn (cut while being written); it must be recovered before anything is appended`, {
        exitCode: ExitCode.internal,
      });
    }
    const line = Buffer.from(JSON.stringify(entry) + "\n", "utf8");
    const fd = openSync(this.file, flag);
    try {
      // Another command appended since this one read the journal: writing now would fork the chain for good.
      if (fstatSync(fd).size !== this.bytes) throw changed(this.file);
      writeAll(fd, line);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.bytes += line.length;
    this.list.push(entry);
    journalHooks.afterAppend?.(entry);
    return entry;
  }
}

function changed(file: string): OpsError {
  return new OpsError("E_JOURNAL_CHANGED", `${file} changed while this command was running: another \`incident\` command is acting on this incident`, {
    exitCode: ExitCode.environment,
    hint: "nothing was written; run the command again",
  });
}

/** For tests of short writes: the write call the journal uses (fs.writeSync unless replaced). */
export const journalIo: { write: (fd: number, buf: Buffer, offset: number, length: number) => number } = {
  write: (fd, buf, offset, length) => writeSync(fd, buf, offset, length),
};

/** Writes every byte: write(2) may write fewer bytes than asked (a full disk, a signal), so loop until all are out. */
function writeAll(fd: number, buf: Buffer): void {
  for (let off = 0; off < buf.length; ) {
    const n = journalIo.write(fd, buf, off, buf.length - off);
    if (n <= 0) throw new Error(`write returned ${n} with ${buf.length - off} bytes left`);
    off += n;
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms cannot fsync a folder; the file itself is fsync'd.
  }
}

export { acquireLock, lockHooks } from "./lock";

/** Creates a folder (and parents) if missing. */
export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}
