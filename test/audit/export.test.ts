import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AdmitPool } from "../../src/audit/admitPool";
import { runAuditExport, type ExportRequest } from "../../src/audit/export";
import type { AuditManifest } from "../../src/audit/manifest";
import { verifyExport } from "../../src/audit/verify";
import { fixedClock } from "../../src/core/clock";
import { environmentError, OpsError } from "../../src/core/errors";
import { makeDataset } from "./exportData";
import { memorySource } from "./memorySource";

const root = mkdtempSync(join(tmpdir(), "audit-export-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const newDir = () => join(root, `out-${++dirs}`);

const start = Date.parse("2026-06-01T00:00:00Z");
const data = makeDataset("acme", start, 3, 2000);
const clock = fixedClock("2026-11-29T12:00:00Z");

function request(outDir: string, overrides: Partial<ExportRequest> = {}): ExportRequest {
  return {
    tenant: "acme",
    logGroupName: "/emailmate/tenants/acme/audit",
    from: new Date(start),
    to: new Date(start + 3 * 86_400_000),
    format: "jsonl",
    outDir,
    resume: false,
    toolVersion: "0.1.0",
    tuning: { slices: 5, concurrency: 3, pageLimit: 97, maxFileEvents: 800 },
    ...overrides,
  };
}

const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), "utf8")]));

describe("src/audit/export", () => {
  it("writes every valid event once, ordered, and counts rejects and duplicates", async () => {
    const out = newDir();
    const summary = await runAuditExport(request(out), { pages: memorySource(data.logEvents, { emptyEvery: 4 }), clock });
    expect(summary.counts).toEqual({ read: data.logEvents.length, written: 2000, rejected: data.invalid, duplicates: data.duplicates });
    expect(readdirSync(out).sort()).toEqual(["events-000001.jsonl", "events-000002.jsonl", "events-000003.jsonl", "leaves.sha256", "manifest.json", "rejects.jsonl"]);
    const lines = ["events-000001.jsonl", "events-000002.jsonl", "events-000003.jsonl"].flatMap((f) => readFileSync(join(out, f), "utf8").trimEnd().split("\n"));
    const events = lines.map((l) => JSON.parse(l) as { eventId: string; timestamp: string });
    const keys = events.map((e) => `${Date.parse(e.timestamp)}|${e.eventId}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(events.map((e) => e.eventId)).size).toBe(2000);
  });

  it("records each reject with its reason", async () => {
    const out = newDir();
    await runAuditExport(request(out), { pages: memorySource(data.logEvents), clock });
    const rejects = readFileSync(join(out, "rejects.jsonl"), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as { reason: string });
    expect(rejects.slice(0, 3).map((r) => r.reason)).toEqual(["message is not JSON", "ip: expected an IPv4 or IPv6 address, got 300.1.1.1", "tenant: expected acme, got globex"]);
    expect(rejects).toHaveLength(data.invalid);
  });

  it("writes a manifest with counts, files, the Merkle root and the generation time from the clock", async () => {
    const out = newDir();
    const summary = await runAuditExport(request(out), { pages: memorySource(data.logEvents), clock });
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as AuditManifest;
    expect(manifest.generatedAt).toBe("2026-11-29T12:00:00.000Z");
    expect(manifest.range).toEqual({ from: "2026-06-01T00:00:00.000Z", to: "2026-06-04T00:00:00.000Z" });
    expect(manifest.query).toEqual({ api: "FilterLogEvents", logGroupName: "/emailmate/tenants/acme/audit", interleaved: true, filterPattern: null, slices: 5 });
    expect(manifest.files.map((f) => [f.name, f.events])).toEqual([["events-000001.jsonl", 800], ["events-000002.jsonl", 800], ["events-000003.jsonl", 400]]);
    expect(manifest.files[0]?.firstEventTime).toBe("2026-06-01T00:00:00.000Z");
    expect(manifest.merkle.leaves).toBe(2000);
    expect(manifest.merkle.root).toBe(summary.merkleRoot);
    expect(verifyExport(out).ok).toBe(true);
  });

  it("produces the same files whatever the concurrency, page size and empty pages", async () => {
    const a = newDir();
    const b = newDir();
    await runAuditExport(request(a), { pages: memorySource(data.logEvents), clock });
    await runAuditExport(request(b, { tuning: { slices: 5, concurrency: 1, pageLimit: 1000, maxFileEvents: 800 } }), {
      pages: memorySource(data.logEvents, { emptyEvery: 2 }),
      clock,
    });
    expect(files(b)).toEqual(files(a));
  });

  it("resumes an aborted export to byte-identical files", async () => {
    const whole = newDir();
    await runAuditExport(request(whole), { pages: memorySource(data.logEvents), clock });
    const out = newDir();
    const controller = new AbortController();
    let pages = 0;
    const err = await runAuditExport(request(out), {
      pages: memorySource(data.logEvents),
      clock: fixedClock("2026-11-29T12:00:00Z"),
      signal: controller.signal,
      onProgress: () => void (++pages === 12 && controller.abort(new Error("stop here"))),
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe("stop here");
    expect(readdirSync(out)).toEqual([".audit-export"]);
    const resumed = await runAuditExport(request(out, { resume: true, tuning: { slices: 5, concurrency: 1, pageLimit: 97, maxFileEvents: 800 } }), {
      pages: memorySource(data.logEvents),
      clock: fixedClock("2026-12-01T00:00:00Z"),
    });
    expect(resumed.run).toBe("resumed");
    expect(files(out)).toEqual(files(whole));
  });

  it("refuses to resume with other options", async () => {
    const out = newDir();
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await runAuditExport(request(out), { pages: memorySource(data.logEvents), clock, signal: controller.signal }).catch(() => undefined);
    const err = await runAuditExport(request(out, { resume: true, format: "csv" }), { pages: memorySource(data.logEvents), clock }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpsError);
    expect((err as OpsError).message).toBe('cannot resume: format was "jsonl" in the interrupted export, now "csv"');
  });

  it("answers --resume on a finished export of the same request with its summary, changing nothing", async () => {
    const out = newDir();
    await runAuditExport(request(out), { pages: memorySource(data.logEvents), clock });
    const before = files(out);
    const again = await runAuditExport(request(out, { resume: true }), { pages: memorySource(data.logEvents), clock });
    expect([again.run, again.counts.written]).toEqual(["complete", 2000]);
    expect(files(out)).toEqual(before);
  });

  it("refuses --resume on a finished export when the range or format differs", async () => {
    const out = newDir();
    await runAuditExport(request(out), { pages: memorySource(data.logEvents), clock });
    const later = await runAuditExport(request(out, { resume: true, to: new Date(start + 4 * 86_400_000) }), { pages: memorySource(data.logEvents), clock }).catch((e: unknown) => e);
    expect([(later as OpsError).exitCode, (later as OpsError).message]).toEqual([
      2,
      `${out} holds a finished export with to "2026-06-04T00:00:00.000Z", not "2026-06-05T00:00:00.000Z"`,
    ]);
    const csv = await runAuditExport(request(out, { resume: true, format: "csv" }), { pages: memorySource(data.logEvents), clock }).catch((e: unknown) => e);
    expect((csv as OpsError).message).toBe(`${out} holds a finished export with format "jsonl", not "csv"`);
  });

  it("refuses to resume an export interrupted under another checkpoint version", async () => {
    const out = newDir();
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await runAuditExport(request(out), { pages: memorySource(data.logEvents), clock, signal: controller.signal }).catch(() => undefined);
    const path = join(out, ".audit-export", "checkpoint.json");
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, "utf8")), checkpointVersion: 1 }));
    const err = await runAuditExport(request(out, { resume: true }), { pages: memorySource(data.logEvents), clock }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpsError);
    expect((err as OpsError).message).toBe(`cannot resume: the interrupted export in ${out} was made by another version of emailmate-ops`);
  });

  it("refuses a non-empty output folder without --resume", async () => {
    const out = newDir();
    await runAuditExport(request(out), { pages: memorySource([]), clock });
    const err = await runAuditExport(request(out), { pages: memorySource([]), clock }).catch((e: unknown) => e);
    expect((err as OpsError).exitCode).toBe(2);
    expect((err as OpsError).message).toBe(`${out} is not empty`);
  });

  it("writes one empty events file for an empty range", async () => {
    const out = newDir();
    const summary = await runAuditExport(request(out), { pages: memorySource([]), clock });
    expect(summary.counts).toEqual({ read: 0, written: 0, rejected: 0, duplicates: 0 });
    expect(summary.files).toEqual([{ name: "events-000001.jsonl", bytes: 0, sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", events: 0, firstEventTime: null, lastEventTime: null }]);
    expect(summary.merkleRoot).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("writes CSV with a header and library quoting, and verifies it", async () => {
    const out = newDir();
    await runAuditExport(request(out, { format: "csv" }), { pages: memorySource(data.logEvents), clock });
    const text = readFileSync(join(out, "events-000001.csv"), "utf8");
    expect(text.split("\n")[0]).toBe("eventId,timestamp,tenant,actorType,actorId,actorEmail,action,target,ip,userAgent,outcome,metadata");
    expect(text).toContain(',"Agent ""quoted"", with comma\nand newline",success,"{""index"":0,""note"":""ünïcödé""}"\n');
    expect(verifyExport(out)).toMatchObject({ ok: true, events: 2000 });
  });

  it("neutralises CSV cells a spreadsheet would run as formulas (hostile user agents and targets), and still verifies", async () => {
    const out = newDir();
    const hostile = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd|' /C calc'!A0", "-1+1", "@SUM(1)", "\t=1", "\r=1"];
    const events = data.logEvents.map((e, i) => {
      if (i >= hostile.length) return e;
      const parsed = JSON.parse(e.message as string) as Record<string, unknown>;
      return { ...e, message: JSON.stringify({ ...parsed, userAgent: hostile[i], target: hostile[i] }) };
    });
    await runAuditExport(request(out, { format: "csv" }), { pages: memorySource(events), clock });
    const text = readFileSync(join(out, "events-000001.csv"), "utf8");
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",`);
    expect([text.split(",'@SUM(1),").length - 1, text.split(",'-1+1,").length - 1, text.split(`,"'\r=1",`).length - 1]).toEqual([2, 2, 2]);
    expect(text).not.toMatch(/,[=+@\t]/);
    expect(verifyExport(out)).toMatchObject({ ok: true, events: 2000 });
  });

  it("sends a same-id event with other content to the rejects, never silently dropping it", async () => {
    const out = newDir();
    const original = JSON.parse(data.logEvents[0]?.message as string) as Record<string, unknown>;
    const forged = { ...data.logEvents[0], message: JSON.stringify({ ...original, outcome: "failure" }) } as (typeof data.logEvents)[number];
    const summary = await runAuditExport(request(out), { pages: memorySource([...data.logEvents, forged]), clock });
    expect(summary.counts).toEqual({ read: data.logEvents.length + 1, written: 2000, rejected: data.invalid + 1, duplicates: data.duplicates });
    const last = readFileSync(join(out, "rejects.jsonl"), "utf8").trimEnd().split("\n").pop() as string;
    expect(JSON.parse(last).reason).toBe(`eventId ${original.eventId}: another event with this id and timestamp was exported; this copy differs`);
  });

  it("reports progress while reading, then while merging", async () => {
    const out = newDir();
    const seen: string[] = [];
    const big = makeDataset("acme", start, 3, 60_000, 5);
    await runAuditExport(request(out, { tuning: { slices: 3, pageLimit: 10_000 } }), {
      pages: memorySource(big.logEvents),
      clock,
      onProgress: (p) => void seen.push(`${p.phase} ${p.phase === "read" ? p.read : p.merged}`),
    });
    expect(seen.filter((x) => x.startsWith("read")).length).toBeGreaterThan(3);
    expect(seen.filter((x) => x.startsWith("merge"))).toEqual(["merge 50000"]);
    expect(seen.indexOf("merge 50000")).toBe(seen.length - 1);
  });

  it("writes the same files when worker threads validate the pages", async () => {
    const inline = newDir();
    const pooled = newDir();
    await runAuditExport(request(inline), { pages: memorySource(data.logEvents), clock });
    const pool = new AdmitPool(2);
    try {
      await runAuditExport(request(pooled), { pages: memorySource(data.logEvents), clock, admit: pool.admit });
    } finally {
      await pool.close();
    }
    expect(files(pooled)).toEqual(files(inline));
  });

  it("writes the same files when workers also hash the Merkle tree's inner nodes (more leaves than one chunk)", async () => {
    const big = makeDataset("acme", start, 3, 20_000, 7);
    const inline = newDir();
    const pooled = newDir();
    const tuning = { slices: 3, pageLimit: 2_000, maxFileEvents: 8_000 };
    await runAuditExport(request(inline, { tuning }), { pages: memorySource(big.logEvents), clock });
    const pool = new AdmitPool(1);
    try {
      await runAuditExport(request(pooled, { tuning }), { pages: memorySource(big.logEvents), clock, admit: pool.admit, subtreeRoot: pool.subtreeRoot });
    } finally {
      await pool.close();
    }
    expect(files(pooled)).toEqual(files(inline));
    expect(verifyExport(pooled)).toMatchObject({ ok: true, events: 20_000 });
  });

  it("stops every slice at the first failure and throws it, leaving a checkpoint to resume", async () => {
    const out = newDir();
    const inner = memorySource(data.logEvents);
    let calls = 0;
    const failing: typeof inner = Object.assign(
      async function* (range: { startTime: number; endTime: number }, options: { nextToken?: string; limit?: number }) {
        if (range.startTime > start + 86_400_000) throw environmentError("E_AWS_ACCESS_DENIED", "CloudWatch Logs FilterLogEvents failed: AccessDeniedException: no");
        for await (const page of inner(range, options)) {
          calls++;
          yield page;
        }
      },
      { pagesServed: 0 },
    );
    const err = await runAuditExport(request(out), { pages: failing, clock }).catch((e: unknown) => e);
    expect((err as OpsError).message).toBe("CloudWatch Logs FilterLogEvents failed: AccessDeniedException: no");
    const after = calls;
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(after);
    expect(readdirSync(out)).toEqual([".audit-export"]);
    const resumed = await runAuditExport(request(out, { resume: true }), { pages: memorySource(data.logEvents), clock });
    expect(resumed.counts.written).toBe(2000);
  });
});
