import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OpsError } from "../../../src/core/errors";
import { appendRetrying, appendToLedger, ledgerTip, readLedger } from "../../../src/evidence/ledger/ledger";
import { FolderLedgerStore } from "../../../src/evidence/ledger/store";
import { scratch } from "../../support/tmp";
import { runAt } from "./support";

const tmp = scratch("emailmate-ledger-");
afterAll(() => tmp.cleanup());
let n = 0;

async function threeRuns(): Promise<{ dir: string; store: FolderLedgerStore }> {
  const dir = join(tmp.dir, `ledger-${++n}`);
  const store = new FolderLedgerStore(dir);
  for (const d of ["01", "02", "03"]) await appendToLedger(store, runAt(`2026-11-${d}T06:00:00Z`));
  return { dir, store };
}

const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as OpsError);

describe("src/evidence/ledger/store (folder)", () => {
  it("appends one record per run under records/, and a head naming the last", async () => {
    const { dir, store } = await threeRuns();
    const chain = await readLedger(store);
    expect(readdirSync(join(dir, "records"))).toEqual(["00000001.json", "00000002.json", "00000003.json"]);
    expect([chain.ok, chain.records.map((r) => r.seq), JSON.parse(readFileSync(join(dir, "HEAD.json"), "utf8"))]).toEqual([
      true,
      [1, 2, 3],
      { seq: 3, hash: chain.records[2]!.hash },
    ]);
  });

  it("refuses to append to a ledger whose record was edited, naming it (exit 1)", async () => {
    const { dir, store } = await threeRuns();
    const file = join(dir, "records/00000002.json");
    writeFileSync(file, readFileSync(file, "utf8").replace('"gitCommit": "3f2a', '"gitCommit": "4f2a'));
    const err = await failure(appendToLedger(store, runAt("2026-11-04T06:00:00Z")));
    expect([err?.code, err?.exitCode]).toEqual(["E_LEDGER_BROKEN", 1]);
    expect(err?.message.split("\n").slice(0, 2)).toEqual([`the evidence ledger ${dir} fails verification:`, expect.stringMatching(/^ {2}00000002\.json: edited: /)]);
    expect(readdirSync(join(dir, "records"))).toHaveLength(3);
  });

  it("names a removed record, and a removed last record through the head", async () => {
    const { dir, store } = await threeRuns();
    rmSync(join(dir, "records/00000003.json"));
    rmSync(join(dir, "records/00000001.json"));
    const chain = await readLedger(store);
    expect(chain.problems).toEqual([
      { record: "00000002.json", message: "record 1 is missing before it (removed from the ledger?)" },
      { record: "HEAD", message: "the ledger's head names record 3, the last record is 2 (records removed from the end?)" },
    ]);
  });

  it("never replaces a record: a second run appending the same name is a conflict (exit 3)", async () => {
    const { store } = await threeRuns();
    const err = await failure(store.create("00000003.json", "{}"));
    expect([err?.code, err?.exitCode]).toEqual(["E_LEDGER_CONFLICT", 3]);
  });

  it("never forks the chain: a run that read the chain before another appended retries after the new last record", async () => {
    const { store } = await threeRuns();
    const tip = await ledgerTip(store);
    await appendToLedger(store, runAt("2026-11-04T06:00:00Z"));
    const late = await appendRetrying(store, tip, runAt("2026-11-04T06:00:05Z"));
    const chain = await readLedger(store);
    expect([late.seq, chain.ok, chain.records.map((r) => r.seq)]).toEqual([5, true, [1, 2, 3, 4, 5]]);
  });

  it("refuses a file as the ledger folder (exit 2)", async () => {
    const file = tmp.write("not-a-folder", "x");
    const err = await failure(appendToLedger(new FolderLedgerStore(file), runAt("2026-11-01T06:00:00Z")));
    expect([err?.code, err?.exitCode, err?.message]).toEqual(["E_LEDGER_LOCATION", 2, `--ledger ${file} is a file; expected a folder or s3://bucket/prefix`]);
  });
});
