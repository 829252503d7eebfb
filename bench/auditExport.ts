/**
 * Audit export pipeline benchmark: 100,000 and then 1,000,000 log events through runAuditExport (validate against the
 * zod schema, deduplicate, order by spill + k-way merge, hash into the Merkle tree, write JSONL and the manifest) from
 * an in-memory page source that builds pages at memory speed (1 % exact duplicates, 0.5 % invalid events). Prints
 * events/s and peak RSS after each size; a baseline pass that only drains the source gives the source's own cost.
 *
 *   npx tsx bench/auditExport.ts            (sizes 100000 1000000, then 1000000 again on the main thread only)
 *   npx tsx bench/auditExport.ts 200000     (other sizes)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { AdmitPool } from "../src/audit/admitPool";
import { runAuditExport, type PageSource } from "../src/audit/export";
import type { FilteredLogEvent } from "../src/aws/logs";
import { systemClock } from "../src/core/clock";

const B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
function base32(n: number, width: number): string {
  let s = "";
  for (let i = 0; i < width; i++) {
    s = B32[n % 32] + s;
    n = Math.floor(n / 32);
  }
  return s;
}

const START = Date.parse("2026-10-01T00:00:00Z");
/** 30 days per 1,000,000 events: the same density (events per slice, so page sizes) at every size. */
let SPAN = 30 * 86_400_000;
const ACTIONS = ["member.invite", "key.create", "key.revoke", "domain.add", "billing.update", "settings.update"];

/** Log event i of n: a valid audit event (1 in 200 invalid); its time spreads the n events over 30 days. */
function logEvent(i: number, n: number): FilteredLogEvent {
  const ms = START + Math.floor((i * SPAN) / n);
  const id = base32(ms, 10) + base32(i, 16);
  const ip = i % 200 === 17 ? "300.0.0.1" : `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const message = `{"eventId":"${id}","tenant":"acme","actor":{"type":"user","id":"u-${i % 977}","email":"user${i % 977}@acme.example"},"action":"${ACTIONS[i % 6]}","target":"key/agent-${i % 31}","timestamp":"${new Date(ms).toISOString()}","ip":"${ip}","userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36","outcome":"success"}`;
  return { timestamp: ms, message, logStreamName: `app-${i % 4}` };
}

/** Pages of up to 10,000 events for a closed range, built on the fly (no event array for the whole export). */
function memorySource(n: number): PageSource {
  const indexAt = (ms: number) => Math.max(0, Math.min(n, Math.ceil(((ms - START) * n) / SPAN)));
  return async function* (range, options) {
    const limit = options.limit ?? 10_000;
    // events with index in [first, end) fall in the range (time is monotonic in i)
    let i = options.nextToken === undefined ? indexAt(range.startTime) : Number(options.nextToken);
    const end = indexAt(range.endTime + 1);
    while (i < end) {
      const events: FilteredLogEvent[] = [];
      while (events.length < limit && i < end) {
        const e = logEvent(i, n);
        events.push(e);
        if (i % 100 === 50 && events.length < limit) events.push(e); // a PutLogEvents retry's copy
        i++;
      }
      yield { events, nextToken: i < end ? String(i) : undefined };
    }
    if (end === indexAt(range.startTime)) yield { events: [] };
  };
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

async function baseline(n: number): Promise<number> {
  const source = memorySource(n);
  const t0 = performance.now();
  let count = 0;
  for await (const page of source({ startTime: START, endTime: START + SPAN - 1 }, { limit: 10_000 })) count += page.events.length;
  return count / ((performance.now() - t0) / 1000);
}

const rssMb = () => `${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`;

async function run(n: number, workers: number): Promise<number> {
  SPAN = Math.round((30 * 86_400_000 * n) / 1_000_000);
  const out = mkdtempSync(join(tmpdir(), "bench-audit-"));
  try {
    const base = await baseline(n);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const pool = workers > 0 ? new AdmitPool(workers) : undefined;
    // milestones within the run: events read (reading phase), then events merged (ordering, hashing, writing)
    const marks = [100_000, 250_000, 500_000, 1_000_000, 2_000_000, 5_000_000].filter((m) => m <= n);
    let nextRead = 0;
    let nextMerge = 0;
    const onProgress = (p: { phase: "read" | "merge"; read: number; merged: number }) => {
      const t = (performance.now() - t0) / 1000;
      if (p.phase === "read" && nextRead < marks.length && p.read >= (marks[nextRead] as number)) {
        console.log(`    read   ${String(marks[nextRead++]).padStart(8)}: ${t.toFixed(2)} s, RSS now ${rssMb()}, peak ${mb(process.resourceUsage().maxRSS)}`);
      }
      if (p.phase === "merge" && nextMerge < marks.length && p.merged >= (marks[nextMerge] as number)) {
        console.log(`    merged ${String(marks[nextMerge++]).padStart(8)}: ${t.toFixed(2)} s, RSS now ${rssMb()}, peak ${mb(process.resourceUsage().maxRSS)}`);
      }
    };
    const summary = await runAuditExport(
      {
        tenant: "acme",
        logGroupName: "/emailmate/tenants/acme/audit",
        from: new Date(START),
        to: new Date(START + SPAN),
        format: "jsonl",
        outDir: join(out, "export"),
        resume: false,
        toolVersion: "bench",
      },
      { pages: memorySource(n), clock: systemClock, onProgress, ...(pool ? { admit: pool.admit, subtreeRoot: pool.subtreeRoot } : {}) },
    );
    await pool?.close();
    const seconds = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(cpu0);
    const cpuSeconds = (used.user + used.system) / 1e6;
    const c = summary.counts;
    const rss = process.resourceUsage().maxRSS;
    console.log(
      `${n.toLocaleString("en-US").padStart(10)} events, ${workers === 0 ? "validating on the main thread" : `${workers} validation worker${workers === 1 ? "" : "s"}`}: ${seconds.toFixed(2)} s, ${Math.round(c.read / seconds).toLocaleString("en-US")} events/s read ` +
        `(${Math.round(c.written / seconds).toLocaleString("en-US")} written/s; source alone ${Math.round(base).toLocaleString("en-US")}/s, pipeline at ${((c.read / seconds / base) * 100).toFixed(1)} % of it), ` +
        `peak RSS so far ${mb(rss)}; CPU (all threads) ${cpuSeconds.toFixed(2)} s (${Math.round(c.read / cpuSeconds).toLocaleString("en-US")} events per CPU-second)  [read ${c.read}, written ${c.written}, rejected ${c.rejected}, duplicates ${c.duplicates}]`,
    );
    return c.read / seconds;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  console.log(`audit export pipeline (validate, dedupe, order, hash, write JSONL) — Node ${process.version}, ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(1)}, RSS before: ${rssMb()}`);
  // the CLI's default: one validation worker per CPU beyond the first (at most 4)
  const workers = Math.max(0, Math.min(4, availableParallelism() - 1));
  const list = sizes.length > 0 ? sizes : [100_000, 1_000_000];
  let last = 0;
  for (const n of list) last = await run(n, workers);
  if (workers > 0) {
    const largest = list[list.length - 1] as number;
    console.log(`baseline: the same ${largest.toLocaleString("en-US")} events validated on the main thread`);
    const inline = await run(largest, 0);
    console.log(`ratio: ${(last / inline).toFixed(2)}× the main-thread-only throughput`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
