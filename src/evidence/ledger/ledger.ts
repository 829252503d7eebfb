import { ExitCode, OpsError } from "../../core/errors";
import { verifyChain, type ChainResult } from "./chain";
import { buildRecordBody, recordName, sealRecord, serializeRecord, type LedgerRecord, type RunSnapshot } from "./record";
import type { LedgerStore } from "./store";

/** Reads the whole ledger and verifies its chain (and head). */
export async function readLedger(store: LedgerStore): Promise<ChainResult> {
  const [stored, head] = await Promise.all([store.list(), store.readHead()]);
  return verifyChain(stored, head);
}

/** A broken chain as an error (exit 1), naming every record to blame. */
export function brokenLedger(location: string, chain: ChainResult): OpsError {
  const lines = chain.problems.map((p) => `  ${p.record}: ${p.message}`);
  return new OpsError("E_LEDGER_BROKEN", `the evidence ledger ${location} fails verification:\n${lines.join("\n")}`, {
    exitCode: ExitCode.findings,
    hint: "a record was removed or edited; restore it from a copy (or the S3 object version) before appending or building a period bundle",
  });
}

/** Prepares the store and verifies the chain (a broken ledger is never extended); returns the last record. */
export async function ledgerTip(store: LedgerStore): Promise<LedgerRecord | undefined> {
  await store.prepare();
  const chain = await readLedger(store);
  if (!chain.ok) throw brokenLedger(store.location, chain);
  return chain.records[chain.records.length - 1];
}

/** Appends one run's record after `last` (from ledgerTip): never replacing a record, then moves the head. */
export async function appendAfter(store: LedgerStore, last: LedgerRecord | undefined, run: RunSnapshot): Promise<LedgerRecord> {
  const record = sealRecord(buildRecordBody(run, last));
  await store.create(recordName(record), serializeRecord(record));
  await store.writeHead({ seq: record.seq, hash: record.hash });
  return record;
}

/**
 * Appends after `last`; when another run appended first (E_LEDGER_CONFLICT), reads and verifies the chain again and
 * appends after the new last record (up to `attempts` times).
 */
export async function appendRetrying(store: LedgerStore, last: LedgerRecord | undefined, run: RunSnapshot, attempts = 3): Promise<LedgerRecord> {
  for (let i = 1; ; i++) {
    try {
      return await appendAfter(store, last, run);
    } catch (err) {
      if (!(err instanceof OpsError && err.code === "E_LEDGER_CONFLICT") || i >= attempts) throw err;
      last = await ledgerTip(store);
    }
  }
}

/** Verifies the chain, then appends one run's record. Returns the record written. */
export async function appendToLedger(store: LedgerStore, run: RunSnapshot): Promise<LedgerRecord> {
  return appendAfter(store, await ledgerTip(store), run);
}
