import { createHash } from "node:crypto";
import { closeSync, existsSync, fstatSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, readSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
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

/** Checks a journal's text: every line JSON, sequence 1, 2, 3…, each entry chained to the previous hash. Pure. */
export function verifyJournalText(text: string): { entries: JournalEntry[]; problem?: JournalProblem } {
  const entries: JournalEntry[] = [];
  if (text === "") return { entries, problem: { line: 1, message: "journal is empty; expected an incident.opened entry" } };
  if (!text.endsWith("\n")) {
    const lines = text.split("\n").length;
    return { entries, problem: { line: lines, message: "last line is incomplete (no newline): the journal was cut while being written" } };
  }
  const lines = text.slice(0, -1).split("\n");
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
  return { entries };
}

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
  ) {}

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

  /** Opens and verifies a journal; throws E_JOURNAL_INVALID (exit 1) when it fails verification. */
  static open(file: string): Journal {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new OpsError("E_INCIDENT_NOT_FOUND", `no journal at ${file}`, { exitCode: ExitCode.invalidInput, hint: "list incidents with `emailmate-ops incident list`" });
    }
    const { entries, problem } = verifyJournalText(text);
    if (problem !== undefined) {
      throw new OpsError("E_JOURNAL_INVALID", `JOURNAL FAILS VERIFICATION: ${file}:${problem.line}: ${problem.message}. Refusing to read or continue this incident.`, {
        exitCode: ExitCode.findings,
        hint: "the journal is the incident's record and must not be edited; keep a copy for the investigation and handle the incident by hand",
      });
    }
    return new Journal(file, entries, Buffer.byteLength(text, "utf8"));
  }

  /** Appends one entry and fsyncs it; returns it once it is durable. */
  append(type: EntryType, data: Record<string, unknown>, at: Date, flag: "a" | "wx" = "a"): JournalEntry {
    const last = this.list[this.list.length - 1];
    const partial = { seq: this.list.length + 1, at: at.toISOString(), type, data, prev: last?.hash ?? GENESIS };
    const entry: JournalEntry = { ...partial, hash: entryHash(partial) };
    const line = JSON.stringify(entry) + "\n";
    const fd = openSync(this.file, flag);
    try {
      // Another command appended since this one read the journal: writing now would fork the chain for good.
      if (fstatSync(fd).size !== this.bytes) {
        throw new OpsError("E_JOURNAL_CHANGED", `${this.file} changed while this command was running: another \`incident\` command is acting on this incident`, {
          exitCode: ExitCode.environment,
          hint: "nothing was written; run the command again",
        });
      }
      writeSync(fd, line);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.bytes += Buffer.byteLength(line, "utf8");
    this.list.push(entry);
    journalHooks.afterAppend?.(entry);
    return entry;
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

/**
 * One runner per incident at a time: a lock file holding the pid. A lock left by a process that no longer runs
 * (a crash, a kill) is taken over.
 */
export function acquireLock(dir: string): () => void {
  const file = join(dir, ".lock");
  // The lock appears with its pid already in it (a hard link to a finished file), so a process starting at the same
  // moment never reads an empty lock and takes it for a stale one.
  const mine = join(dir, `.lock.${process.pid}`);
  writeFileSync(mine, String(process.pid));
  try {
    return takeLock(file, mine);
  } finally {
    try {
      unlinkSync(mine);
    } catch {
      // already gone
    }
  }
}

function takeLock(file: string, mine: string): () => void {
  for (let tries = 0; tries < 2; tries++) {
    try {
      linkSync(mine, file);
      return () => {
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number(readText(file).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new OpsError("E_INCIDENT_LOCKED", `incident is being run by process ${pid}; wait for it or stop it`, { exitCode: ExitCode.environment });
      }
      if (existsSync(file)) unlinkSync(file);
    }
  }
  throw new OpsError("E_INCIDENT_LOCKED", `cannot take the lock ${file}`, { exitCode: ExitCode.environment });
}

function readText(file: string): string {
  try {
    const fd = openSync(file, "r");
    try {
      const buf = Buffer.alloc(32);
      const n = readSync(fd, buf, 0, 32, 0);
      return buf.subarray(0, n).toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return "";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Creates a folder (and parents) if missing. */
export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}
