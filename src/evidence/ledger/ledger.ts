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

/**
 * Appends one run's record: verifies the chain first (a broken ledger is never extended), then writes the record
 * (never replacing one) and moves the head. Returns the record written.
 */
export async function appendToLedger(store: LedgerStore, run: RunSnapshot): Promise<LedgerRecord> {
  await store.prepare();
  const chain = await readLedger(store);
  if (!chain.ok) throw brokenLedger(store.location, chain);
  const last = chain.records[chain.records.length - 1];
  const record = sealRecord(buildRecordBody(run, last));
  await store.create(recordName(record), serializeRecord(record));
  await store.writeHead({ seq: record.seq, hash: record.hash });
  return record;
}
