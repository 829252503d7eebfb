import { describe, expect, it } from "vitest";
import { buildRecordBody, sealRecord, type LedgerRecord } from "../../../src/evidence/ledger/record";
import { buildPeriodEvidence, type PeriodControl } from "../../../src/evidence/period/build";
import { drawSample } from "../../../src/evidence/period/sample";
import { gaps, parsePeriod, periodDays } from "../../../src/evidence/period/range";
import { neutraliseCell } from "../../../src/evidence/period/csv";
import { OpsError } from "../../../src/core/errors";
import { runAt } from "../ledger/support";

/** Daily runs at 06:00 on the given November days; day 3 fails (acme's audit log kept 30 days). */
function ledger(days: readonly number[], failing: readonly number[] = [3]): LedgerRecord[] {
  const records: LedgerRecord[] = [];
  for (const d of days) {
    const at = `2026-11-${String(d).padStart(2, "0")}T06:00:00Z`;
    records.push(sealRecord(buildRecordBody(runAt(at, { failing: failing.includes(d), tenants: d >= 5 ? ["acme", "globex", "initech"] : ["acme", "globex"] }), records[records.length - 1])));
  }
  return records;
}

const build = (records: readonly LedgerRecord[], period = "2026-11-01..2026-11-10", options: { size?: number; seed?: string } = {}) =>
  buildPeriodEvidence({
    period: parsePeriod(period),
    records,
    ledgerLocation: ".evidence-ledger",
    sampleSize: options.size ?? 25,
    seed: options.seed ?? "auditor-2026",
    generatedAt: new Date("2026-12-01T09:00:00Z"),
    toolVersion: "0.1.0",
    gitCommit: "unknown",
  });
const control = (b: ReturnType<typeof build>, id: string): PeriodControl => b.controls.find((c) => c.control === id)!;
const file = (b: ReturnType<typeof build>, path: string) => b.files.find((f) => f.path === path)!.content;

describe("src/evidence/period/range", () => {
  it("parses <from>..<to> as inclusive UTC days", () => {
    expect([parsePeriod("2026-11-01..2026-11-30"), periodDays(parsePeriod("2026-02-27..2026-03-01"))]).toEqual([
      { from: "2026-11-01", to: "2026-11-30" },
      ["2026-02-27", "2026-02-28", "2026-03-01"],
    ]);
  });

  it.each([
    ["2026-11-01", "--period \"2026-11-01\": expected <from>..<to>, e.g. 2026-01-01..2026-12-31 (both days included)"],
    ["2026-11-31..2026-12-01", '--period: "2026-11-31" is not a date; expected YYYY-MM-DD'],
    ["2026-11-10..2026-11-01", "--period 2026-11-10..2026-11-01: 2026-11-01 is before 2026-11-10"],
  ])("refuses %s with exit 2", (text, message) => {
    const err = (() => {
      try {
        return parsePeriod(text);
      } catch (e) {
        return e;
      }
    })() as OpsError;
    expect([err.exitCode, err.message]).toEqual([2, message]);
  });

  it("finds runs of missing days", () => {
    const days = periodDays(parsePeriod("2026-11-01..2026-11-07"));
    expect(gaps(days, new Set(["2026-11-01", "2026-11-04", "2026-11-05"]))).toEqual([
      { from: "2026-11-02", to: "2026-11-03", days: 2 },
      { from: "2026-11-06", to: "2026-11-07", days: 2 },
    ]);
  });
});

describe("src/evidence/period/sample", () => {
  const population = Array.from({ length: 365 }, (_, i) => i + 1);

  it("draws the same sample for the same seed, and another for another seed", () => {
    const a = drawSample(population, 25, "s1", "CC6.1");
    expect([a.length, new Set(a).size, drawSample(population, 25, "s1", "CC6.1")]).toEqual([25, 25, a]);
    expect(drawSample(population, 25, "s2", "CC6.1")).not.toEqual(a);
    expect(drawSample(population, 25, "s1", "CC6.7")).not.toEqual(a);
  });

  it("lists the sample in population order and takes the whole population when it is smaller", () => {
    const a = drawSample(population, 25, "s1", "CC6.1");
    expect([a, drawSample([3, 1, 2], 25, "s1", "x")]).toEqual([[...a].sort((x, y) => x - y), [3, 1, 2]]);
  });

  it("is a pinned draw: mulberry32 over SHA-256(seed/label) (what the manifest documents)", () => {
    expect(drawSample(Array.from({ length: 10 }, (_, i) => i), 3, "seed", "CC6.1")).toEqual([1, 3, 9]);
  });
});

describe("src/evidence/period/build", () => {
  it("lists a failure on day 3 that a run on day 4 fixed, with when it was resolved", () => {
    const b = build(ledger([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    const cc72 = control(b, "CC7.2");
    expect([cc72.status, cc72.reason, cc72.runs, cc72.runStatuses]).toEqual(["fail", "1 of 10 runs failed (exceptions listed)", 10, { pass: 9, fail: 1 }]);
    expect(cc72.exceptions.map((e) => [e.policy, e.status, e.tenant, e.firstSeen, e.lastSeen, e.occurrences, e.resolvedAt])).toEqual([
      ["aws-cloudwatch-log-group-configure-retention", "fail", "acme", "2026-11-03T06:00:00.000Z", "2026-11-03T06:00:00.000Z", 1, "2026-11-04T06:00:00.000Z"],
    ]);
    expect(file(b, "exceptions.csv").split("\n")[1]).toMatch(/^CC7\.2,aws-cloudwatch-log-group-configure-retention,fail,acme,urn:pulumi:.*,2026-11-03T06:00:00.000Z,2026-11-03T06:00:00.000Z,1,2026-11-04T06:00:00.000Z,,$/);
  });

  it("says an exception still present in the last run is open", () => {
    const b = build(ledger([1, 2, 3], [2, 3]), "2026-11-01..2026-11-03");
    expect(control(b, "CC7.2").exceptions.map((e) => [e.occurrences, e.resolvedAt])).toEqual([[2, null]]);
    expect(file(b, "exceptions.csv")).toContain(",2,open at the end of the period,,");
  });

  it("reports days without a run as gaps, and a control with gaps is not a pass", () => {
    const b = build(ledger([1, 2, 5, 6, 7, 8, 9, 10], []));
    const cc61 = control(b, "CC6.1");
    expect([cc61.status, cc61.reason, cc61.gaps, cc61.daysCovered]).toEqual(["needs-review", "2 of 10 days without a run", [{ from: "2026-11-03", to: "2026-11-04", days: 2 }], 8]);
    expect(file(b, "gaps.csv")).toBe("from,to,days\n2026-11-03,2026-11-04,2\n");
  });

  it("passes a control only when every day was covered and every run passed", () => {
    const b = build(ledger([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], []));
    expect([control(b, "CC6.1").status, control(b, "CC6.1").reason]).toEqual(["pass", "every day covered, all 10 runs passed"]);
  });

  it("keeps manual controls manual, and says not-evaluated when no run falls in the period", () => {
    const records = ledger([1, 2, 3]);
    expect([control(build(records), "CC9.2").status, control(build(records), "CC9.2").runs]).toEqual(["manual", 0]);
    const empty = build(records, "2026-12-01..2026-12-31");
    expect(empty.controls.map((c) => [c.control, c.status, c.reason])).toEqual(
      ["CC6.1", "CC6.7", "CC7.2", "CC7.3", "CC7.4", "CC7.5", "CC8.1", "CC9.2"].map((c) => [c, "not-evaluated", "no evidence run in the period"]),
    );
  });

  it("counts the tenant population over the period", () => {
    const b = build(ledger([1, 2, 3, 4, 5, 6]), "2026-11-01..2026-11-06");
    expect([control(b, "CC6.1").tenants, file(b, "tenants.csv").split("\n")[3]]).toEqual([["acme", "globex", "initech"], "initech,2,2026-11-05T06:00:00.000Z,2026-11-06T06:00:00.000Z"]);
  });

  it("samples 25 runs per control by default from a larger population, reproducibly, and records the seed", () => {
    const days = Array.from({ length: 30 }, (_, i) => i + 1);
    const records = ledger(days);
    const b = build(records, "2026-11-01..2026-11-30");
    const again = build(records, "2026-11-01..2026-11-30");
    const other = build(records, "2026-11-01..2026-11-30", { seed: "another" });
    expect([control(b, "CC6.1").sample.length, control(b, "CC9.2").sample.length, b.manifest.sample.seed, b.manifest.sample.size]).toEqual([25, 0, "auditor-2026", 25]);
    expect(file(again, "sample.csv")).toBe(file(b, "sample.csv"));
    expect(file(other, "sample.csv")).not.toBe(file(b, "sample.csv"));
    expect(control(b, "CC6.1").sample.every((s) => records.some((r) => r.seq === s.seq && r.hash === s.recordHash))).toBe(true);
  });

  it("writes the documented files, each hashed in the manifest, with the ledger anchor", () => {
    const records = ledger([1, 2, 3, 4]);
    const b = build(records, "2026-11-02..2026-11-03");
    expect(b.files.map((f) => f.path)).toEqual(["README.txt", "period.json", "controls.csv", "runs.csv", "tenants.csv", "gaps.csv", "exceptions.csv", "sample.csv", "ledger.jsonl", "report.html", "manifest.json"]);
    expect(b.manifest.ledger).toEqual({
      location: ".evidence-ledger",
      records: 4,
      head: { seq: 4, hash: records[3]!.hash },
      first: { seq: 2, hash: records[1]!.hash, previousHash: records[0]!.hash },
      last: { seq: 3, hash: records[2]!.hash },
    });
    expect(file(b, "ledger.jsonl").trim().split("\n").map((l) => JSON.parse(l).seq)).toEqual([2, 3]);
  });

  it("renders the period on one offline page, escaping what tenants and messages carry", () => {
    const records = ledger([1, 2, 3, 4]).map((r) =>
      sealRecord({ ...r, findings: { ...r.findings, exceptions: r.findings.exceptions.map((e) => ({ ...e, message: "<script>alert(1)</script>" })) } }),
    );
    const html = file(build(records, "2026-11-01..2026-11-04"), "report.html");
    expect([html.includes("<script>"), html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"), html.includes("EmailMate SOC 2 Type II evidence: 2026-11-01 .. 2026-11-04")]).toEqual([false, true, true]);
  });

  it("neutralises spreadsheet formulas in CSV cells", () => {
    expect(["=HYPERLINK(1)", "+1", "-2", "@x", "\tx", "\rx", "acme"].map(neutraliseCell)).toEqual(["'=HYPERLINK(1)", "'+1", "'-2", "'@x", "'\tx", "'\rx", "acme"]);
  });
});
