import { LEDGER_RECORD_KIND, GENESIS_HASH, recordHash, recordName, type LedgerRecord } from "./record";

/** One stored object of the ledger: its name and its bytes as text. */
export interface StoredRecord {
  readonly name: string;
  readonly text: string;
}

/** Where the chain breaks: the record (object name) to blame and why. */
export interface ChainProblem {
  readonly record: string;
  readonly message: string;
}

export interface ChainResult {
  readonly ok: boolean;
  /** The records that verified, in order (up to the first problem). */
  readonly records: readonly LedgerRecord[];
  readonly problems: readonly ChainProblem[];
}

function parse(stored: StoredRecord): LedgerRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(stored.text);
  } catch (err) {
    return `not valid JSON: ${(err as Error).message}`;
  }
  const r = value as Partial<LedgerRecord> | null;
  if (r === null || typeof r !== "object" || r.kind !== LEDGER_RECORD_KIND || r.version !== 1) return `not a ledger record (kind ${LEDGER_RECORD_KIND}, version 1)`;
  if (typeof r.seq !== "number" || typeof r.hash !== "string" || typeof r.previousHash !== "string" || typeof r.runAt !== "string" || typeof r.day !== "string") {
    return "a ledger record without seq, runAt, day, hash or previousHash";
  }
  if (!Array.isArray(r.controls) || !Array.isArray(r.checks) || !Array.isArray(r.tenants) || !Array.isArray(r.findings?.exceptions)) {
    return "a ledger record without controls, checks, tenants or exceptions";
  }
  return r as LedgerRecord;
}

/**
 * Verifies a ledger (pure): records in name order must be numbered 1, 2, 3… without gaps, each stored under its own
 * name, each hash must recompute from the record's content, and each `previousHash` must be the hash of the record
 * before it. `head` (the last record's seq and hash, when the store keeps one) catches records removed from the end.
 * Every problem is reported, each naming the record. `start` checks a slice of a ledger (a period bundle's records).
 */
export function verifyChain(stored: readonly StoredRecord[], head?: { seq: number; hash: string }, start: { seq: number; previousHash: string } = { seq: 1, previousHash: GENESIS_HASH }): ChainResult {
  const sorted = [...stored].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const problems: ChainProblem[] = [];
  const records: LedgerRecord[] = [];
  let previous: LedgerRecord | undefined;
  let expectedSeq = start.seq;
  for (const s of sorted) {
    const parsed = parse(s);
    if (typeof parsed === "string") {
      problems.push({ record: s.name, message: parsed });
      previous = undefined;
      expectedSeq++;
      continue;
    }
    const r = parsed;
    const before = problems.length;
    if (r.seq > expectedSeq) {
      const missing = r.seq - expectedSeq;
      problems.push({
        record: s.name,
        message: `${missing === 1 ? `record ${expectedSeq} is` : `records ${expectedSeq}–${r.seq - 1} are`} missing before it (removed from the ledger?)`,
      });
    } else if (r.seq < expectedSeq) problems.push({ record: s.name, message: `seq ${r.seq} repeats or goes back (expected ${expectedSeq})` });
    if (recordName(r) !== s.name) problems.push({ record: s.name, message: `stored under the wrong name: its seq gives ${recordName(r)}` });
    const hash = recordHash(r);
    if (hash !== r.hash) problems.push({ record: s.name, message: `edited: its content hashes to ${hash}, the record says ${r.hash}` });
    const expectedPrevious = r.seq === start.seq ? start.previousHash : previous?.seq === r.seq - 1 ? previous.hash : undefined;
    if (expectedPrevious !== undefined && r.previousHash !== expectedPrevious) {
      problems.push({ record: s.name, message: `previousHash ${r.previousHash} is not the hash of record ${r.seq - 1} (${expectedPrevious})` });
    }
    if (problems.length === before) records.push(r);
    previous = r;
    expectedSeq = Math.max(expectedSeq, r.seq) + 1;
  }
  if (head !== undefined) {
    const last = previous;
    if (last === undefined || last.seq < head.seq) {
      problems.push({ record: "HEAD", message: `the ledger's head names record ${head.seq}, the last record is ${last?.seq ?? "none"} (records removed from the end?)` });
    } else if (last.seq === head.seq && last.hash !== head.hash) {
      problems.push({ record: "HEAD", message: `the ledger's head names hash ${head.hash} for record ${head.seq}, the record's hash is ${last.hash}` });
    }
  }
  return { ok: problems.length === 0, records, problems };
}
