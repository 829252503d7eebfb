/**
 * The evidence ledger's cost over a year of daily runs of the sample tenants: each append verifies the whole chain
 * before writing (so the last append of the year is the slowest), against a same-run baseline of plain fsync'd
 * writes of the same record bytes; reading and verifying the chain; building the period bundle with its samples.
 * Run: npx tsx bench/evidenceLedger.ts [days]
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixedClock } from "../src/core/clock";
import { controlMatrix } from "../src/evidence/matrix";
import { appendToLedger, readLedger } from "../src/evidence/ledger/ledger";
import { buildRecordBody, recordName, sealRecord, serializeRecord, type RunSnapshot } from "../src/evidence/ledger/record";
import { FolderLedgerStore } from "../src/evidence/ledger/store";
import { buildPeriodEvidence } from "../src/evidence/period/build";
import { parsePeriod } from "../src/evidence/period/range";
import { planStack } from "../src/plan";
import { ALL_CHECKS } from "../src/policy/checks";
import { evaluate } from "../src/policy/engine/evaluate";
import { toReport } from "../src/policy/report/model";
import { fromPlan } from "../src/policy/sources/plan";
import { loadTenantsOrThrow, tenantFsAt } from "../src/tenants";
import { fmt, median } from "./support";

const ROOT = join(__dirname, "..");
const days = Number(process.argv[2] ?? 365);
const DAY = 86_400_000;
const start = Date.parse("2026-01-01T06:00:00Z");

async function main(): Promise<void> {
  const tenants = loadTenantsOrThrow([join(ROOT, "tenants")], tenantFsAt(ROOT));
  const source = fromPlan(await planStack({ cwd: ROOT, tenants }));
  const report = (strict: boolean) =>
    toReport(source, evaluate(source.records, { clock: fixedClock("2026-11-29T12:00:00Z"), ...(strict ? { config: { "aws-cloudwatch-log-group-configure-retention": { minimumRetentionDays: 731 } } } : {}) }));
  const [clean, failing] = [report(false), report(true)];
  const run = (i: number): RunSnapshot => {
    const r = i % 30 === 7 ? failing : clean; // an exception about once a month
    return {
      runAt: new Date(start + i * DAY),
      toolVersion: "bench",
      gitCommit: "0".repeat(40),
      report: r,
      checks: ALL_CHECKS,
      controls: controlMatrix(ALL_CHECKS, r.findings).map((c) => ({ control: c.control, status: c.status })),
      tenants: tenants.map((t) => t.id),
      manifestSha256: "a".repeat(64),
      out: "out/evidence",
    };
  };
  const dir = mkdtempSync(join(tmpdir(), "bench-ledger-"));
  try {
    // Baseline: the same record bytes, each written to its own file and fsync'd, no chain read or check.
    let previous: ReturnType<typeof sealRecord> | undefined;
    const baseTimes: number[] = [];
    for (let i = 0; i < days; i++) {
      const record = sealRecord(buildRecordBody(run(i), previous));
      previous = record;
      const t = process.hrtime.bigint();
      const fd = openSync(join(dir, `base-${recordName(record)}`), "wx");
      writeSync(fd, serializeRecord(record));
      fsyncSync(fd);
      closeSync(fd);
      baseTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const store = new FolderLedgerStore(join(dir, "ledger"));
    const times: number[] = [];
    for (let i = 0; i < days; i++) {
      const t = process.hrtime.bigint();
      await appendToLedger(store, run(i));
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    let t = process.hrtime.bigint();
    const chain = await readLedger(store);
    const verifyMs = Number(process.hrtime.bigint() - t) / 1e6;
    if (!chain.ok || chain.records.length !== days) throw new Error("the ledger did not verify");
    const to = new Date(start + (days - 1) * DAY).toISOString().slice(0, 10);
    t = process.hrtime.bigint();
    const bundle = buildPeriodEvidence({ period: parsePeriod(`2026-01-01..${to}`), records: chain.records, ledgerLocation: "bench", sampleSize: 25, seed: "bench", generatedAt: new Date(0), toolVersion: "bench", gitCommit: "bench" });
    const periodMs = Number(process.hrtime.bigint() - t) / 1e6;
    const bytes = Buffer.byteLength(serializeRecord(chain.records[0]!));
    console.log(`records            ${days} daily runs of ${tenants.length} tenants, ${source.records.length} resources; ${fmt(bytes / 1024)} KiB per record`);
    console.log(`append (verified)  median ${fmt(median(times))} ms, last ${fmt(times[times.length - 1]!)} ms (plain fsync'd write of the same bytes: median ${fmt(median(baseTimes))} ms — ${fmt(median(times) / median(baseTimes))}×)`);
    console.log(`read + verify      ${days} records: ${fmt(verifyMs)} ms`);
    console.log(`period bundle      ${days} days: ${fmt(periodMs)} ms (${bundle.files.length} files, ${bundle.controls.reduce((n, c) => n + c.exceptions.length, 0)} exception episodes, ${bundle.controls.reduce((n, c) => n + c.sample.length, 0)} sampled runs)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
