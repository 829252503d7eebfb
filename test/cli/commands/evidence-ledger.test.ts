import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../../../src/core/clock";
import { runCliCapture } from "../../support/cli";

const ROOT = join(__dirname, "../../..");

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "evidence-ledger-"));
  for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml"]) cpSync(join(ROOT, f), join(dir, f));
  cpSync(join(ROOT, "tenants"), join(dir, "tenants"), { recursive: true });
  writeFileSync(join(dir, "strict.json"), JSON.stringify({ "aws-cloudwatch-log-group-configure-retention": { minimumRetentionDays: 731 } }));
  return dir;
}

/** An evidence run on a November day at 06:00 (with `strict`, the retention check fails: a CC7.2 exception). */
const run = (dir: string, day: number, extra: string[] = []) =>
  runCliCapture(["evidence", "--out", `out/run-${day}`, ...extra], { cwd: dir, clock: fixedClock(`2026-11-${String(day).padStart(2, "0")}T06:00:00Z`) });

describe("src/cli/commands/evidence (ledger)", () => {
  it("appends one hash-chained record per run to .evidence-ledger/ by default", async () => {
    const dir = project();
    const first = await run(dir, 1, ["--json"]);
    const second = await run(dir, 2);
    const data = JSON.parse(first.stdout);
    expect([first.code, data.ledger.location, data.ledger.seq, second.code, second.stdout.split("\n").at(-2)]).toEqual([
      0,
      ".evidence-ledger",
      1,
      0,
      expect.stringMatching(/^ledger \.evidence-ledger: appended record 2 \([0-9a-f]{64}\)$/),
    ]);
    const records = readdirSync(join(dir, ".evidence-ledger/records"));
    const two = JSON.parse(readFileSync(join(dir, ".evidence-ledger/records", records[1]!), "utf8"));
    expect([records, two.previousHash, two.tenants, two.bundle.out]).toEqual([
      ["00000001.json", "00000002.json"],
      data.ledger.hash,
      ["acme", "globex", "initech"],
      "out/run-2",
    ]);
    expect(two.bundle.manifestSha256).toBe(JSON.parse(runManifestHash(dir, 2)));
  });

  it("appends nothing with --no-ledger", async () => {
    const dir = project();
    const r = await run(dir, 1, ["--no-ledger"]);
    expect([r.code, existsSync(join(dir, ".evidence-ledger"))]).toEqual([0, false]);
  });

  it("refuses to extend a ledger with an edited record: exit 1 naming it, no bundle written", async () => {
    const dir = project();
    await run(dir, 1);
    const file = join(dir, ".evidence-ledger/records/00000001.json");
    writeFileSync(file, readFileSync(file, "utf8").replace('"day": "2026-11-01"', '"day": "2026-10-31"'));
    const r = await run(dir, 2);
    expect([r.code, r.stderr.split("\n")[0], r.stderr.split("\n")[1]?.split(": edited")[0], existsSync(join(dir, "out/run-2"))]).toEqual([
      1,
      "error: the evidence ledger .evidence-ledger fails verification:",
      "  00000001.json",
      false,
    ]);
  });
});

function runManifestHash(dir: string, day: number): string {
  return JSON.stringify(createHash("sha256").update(readFileSync(join(dir, `out/run-${day}/manifest.json`))).digest("hex"));
}

describe("src/cli/commands/evidence-period", () => {
  async function month(): Promise<string> {
    const dir = project();
    for (const day of [1, 3, 4, 5]) await run(dir, day, day === 3 ? ["--config", "strict.json"] : []);
    return dir;
  }

  it("builds the period bundle: a day-3 failure fixed on day 4 is listed, day 2 is a gap, exit 1", async () => {
    const dir = await month();
    const r = await runCliCapture(["evidence", "--period", "2026-11-01..2026-11-05", "--seed", "audit-2026", "--json"], { cwd: dir, clock: fixedClock("2026-12-01T09:00:00Z") });
    const data = JSON.parse(r.stdout);
    expect([r.code, data.out, data.sample, data.ledger.first.seq, data.ledger.last.seq]).toEqual([1, "out/period-2026-11-01..2026-11-05", { size: 25, seed: "audit-2026" }, 1, 4]);
    type Row = { control: string; status: string; runs: number; gapDays: number; tenants: number; exceptions: number; sampled: number };
    expect(data.controls.map((c: Row) => [c.control, c.status, c.runs, c.gapDays, c.tenants, c.exceptions, c.sampled])).toEqual([
      ["CC6.1", "needs-review", 4, 1, 3, 0, 4],
      ["CC6.7", "needs-review", 4, 1, 3, 0, 4],
      ["CC7.2", "fail", 4, 1, 3, 3, 4],
      ["CC7.3", "fail", 4, 1, 3, 3, 4],
      ["CC7.4", "manual", 0, 0, 0, 0, 0],
      ["CC7.5", "manual", 0, 0, 0, 0, 0],
      // CC8.1 has no automated check since the statuses became honest: a tag check is not change management
      ["CC8.1", "manual", 0, 0, 0, 0, 0],
      ["CC9.2", "manual", 0, 0, 0, 0, 0],
    ]);
    const out = join(dir, data.out);
    const exceptions = readFileSync(join(out, "exceptions.csv"), "utf8").trim().split("\n");
    const cc72 = exceptions.filter((l) => l.startsWith("CC7.2,"));
    // the log groups kept less than 731 days (acme's and initech's audit groups, the platform's) failed on day 3 only
    expect(new Set(cc72.map((l) => l.split(",").slice(-6, -2).join(" ")))).toEqual(new Set(["2026-11-03T06:00:00.000Z 2026-11-03T06:00:00.000Z 1 2026-11-04T06:00:00.000Z"]));
    expect(cc72.map((l) => l.split(",")[3]).sort()).toEqual(["", "acme", "initech"]);
    expect(readFileSync(join(out, "gaps.csv"), "utf8")).toBe("from,to,days\n2026-11-02,2026-11-02,1\n");
    expect(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).sample.seed).toBe("audit-2026");
  });

  it("draws the same sample again with the same seed, and verifies with evidence verify", async () => {
    const dir = await month();
    const args = ["evidence", "--period", "2026-11-01..2026-11-05", "--seed", "s-1", "--sample", "2"];
    await runCliCapture([...args, "--out", "a"], { cwd: dir });
    await runCliCapture([...args, "--out", "b"], { cwd: dir });
    const sample = (o: string) => readFileSync(join(dir, o, "sample.csv"), "utf8");
    expect([sample("a"), sample("a").trim().split("\n").length]).toEqual([sample("b"), 1 + 4 * 2]);
    const v = await runCliCapture(["evidence", "verify", "a"], { cwd: dir });
    expect([v.code, v.stdout]).toEqual([0, "ok: a is intact: 10 files match manifest.json (emailmate-ops/soc2-period-evidence); not signed (sign with --sign-key; pin with --public-key when verifying)\n"]);
  });

  it("refuses a ledger with a removed record (exit 1, nothing written)", async () => {
    const dir = await month();
    const records = readdirSync(join(dir, ".evidence-ledger/records"));
    rmSync(join(dir, ".evidence-ledger/records", records[1]!));
    const r = await runCliCapture(["evidence", "--period", "2026-11-01..2026-11-05", "--out", "p"], { cwd: dir });
    expect([r.code, r.stderr.split("\n")[1], existsSync(join(dir, "p"))]).toEqual([1, "  00000003.json: record 2 is missing before it (removed from the ledger?)", false]);
  });

  it.each([
    [["--period", "2026-11"], "--period \"2026-11\": expected <from>..<to>, e.g. 2026-01-01..2026-12-31 (both days included)"],
    [["--period", "2026-11-01..2026-11-05", "--stack-export", "x.json"], "--stack-export cannot be used with --period (a period bundle is built from the ledger)"],
    [["--period", "2026-11-01..2026-11-05", "--no-ledger"], "--no-ledger cannot be used with --period (a period bundle is built from the ledger)"],
    [["--period", "2026-11-01..2026-11-05", "--sample", "0"], '--sample expects a whole number from 1 to 100000, got "0"'],
    [["--ledger-retain-days", "0"], '--ledger-retain-days expects a whole number of days from 1 to 36500, got "0"'],
    [["--period", "2026-11-01..2026-11-05", "--ledger", "nowhere"], "--ledger nowhere: no such folder; evidence runs append to it (emailmate-ops evidence --ledger nowhere)"],
  ])("exits 2 on %j and writes nothing", async (args, message) => {
    const dir = project();
    const r = await runCliCapture(["evidence", ...args, "--json"], { cwd: dir });
    expect([r.code, JSON.parse(r.stdout).error.message, existsSync(join(dir, "out"))]).toEqual([2, message, false]);
  });
});

describe("src/cli/commands/evidence-verify", () => {
  it("names an edited file (exit 1)", async () => {
    const dir = project();
    await run(dir, 1, ["--no-ledger"]);
    const csv = join(dir, "out/run-1/findings.csv");
    writeFileSync(csv, readFileSync(csv, "utf8").replace(",fail,", ",pass,").replace("pass,mandatory", "pass,mandatory "));
    const r = await runCliCapture(["evidence", "verify", "out/run-1", "--json"], { cwd: dir });
    const data = JSON.parse(r.stdout);
    expect([r.code, data.ok, data.problem.file, data.problem.message.split(":")[0], data.signature]).toEqual([1, false, "findings.csv", "edited", "unsigned"]);
  });

  it("exits 2 on a folder that is not a bundle", async () => {
    const dir = project();
    const r = await runCliCapture(["evidence", "verify", "tenants"], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([2, "error: tenants holds no manifest.json: not an evidence bundle\n"]);
  });
});

describe("src/cli/commands/evidence-ledger", () => {
  it("lists the runs and verifies the chain", async () => {
    const dir = project();
    await run(dir, 1);
    await run(dir, 2, ["--config", "strict.json"]);
    const r = await runCliCapture(["evidence", "ledger"], { cwd: dir });
    const lines = r.stdout.split("\n");
    expect([r.code, lines[0], lines[1]?.replace(/\s+/g, " "), lines[2]?.replace(/\s+/g, " ").replace(/[0-9a-f]{16}$/, "H"), lines[3]]).toEqual([
      0,
      expect.stringMatching(/^SEQ\s+RUN AT\s+COMMIT\s+TENANTS\s+CONTROLS\s+EXCEPTIONS\s+HASH$/),
      expect.stringMatching(/^1 2026-11-01T06:00:00.000Z unknown 3 4 pass, 4 manual 0 [0-9a-f]{16}$/),
      "2 2026-11-02T06:00:00.000Z unknown 3 2 pass, 2 fail, 4 manual 3 H",
      expect.stringMatching(/^ok: \.evidence-ledger: 2 records, hash chain verified \(head [0-9a-f]{64}\)$/),
    ]);
  });

  it("exits 1 naming an edited record", async () => {
    const dir = project();
    await run(dir, 1);
    const file = join(dir, ".evidence-ledger/records/00000001.json");
    writeFileSync(file, readFileSync(file, "utf8").replace('"out": "out/run-1"', '"out": "out/elsewhere"'));
    const r = await runCliCapture(["evidence", "ledger", ".evidence-ledger", "--json"], { cwd: dir });
    const data = JSON.parse(r.stdout);
    expect([r.code, data.ok, data.problems.map((p: { record: string }) => p.record)]).toEqual([1, false, ["00000001.json"]]);
  });

  it("exits 2 when there is no ledger", async () => {
    const r = await runCliCapture(["evidence", "ledger", "none"], { cwd: project() });
    expect([r.code, r.stderr]).toEqual([2, "error: none: no such folder; evidence runs create it (emailmate-ops evidence --ledger none)\n"]);
  });
});

describe("src/cli/commands/check --ledger", () => {
  it("appends the main job's run to the ledger only when asked", async () => {
    const dir = project();
    await runCliCapture(["check"], { cwd: dir });
    const without = existsSync(join(dir, ".evidence-ledger"));
    const r = await runCliCapture(["check", "--ledger", "ci-ledger"], { cwd: dir });
    expect([without, r.code, r.stdout.split("\n").at(-3), readdirSync(join(dir, "ci-ledger/records"))]).toEqual([
      false,
      0,
      "ledger    ci-ledger: record 1",
      ["00000001.json"],
    ]);
  });
});

describe("src/cli/commands/evidence-verify --in-ledger", () => {
  it("names the ledger run that produced the bundle, and fails a bundle no run recorded", async () => {
    const dir = project();
    await run(dir, 1);
    await run(dir, 2, ["--no-ledger"]);
    const recorded = await runCliCapture(["evidence", "verify", "out/run-1", "--in-ledger", ".evidence-ledger", "--json"], { cwd: dir });
    const unrecorded = await runCliCapture(["evidence", "verify", "out/run-2", "--in-ledger", ".evidence-ledger"], { cwd: dir });
    expect([recorded.code, JSON.parse(recorded.stdout).ledgerRecord]).toEqual([0, { location: ".evidence-ledger", seq: 1, runAt: "2026-11-01T06:00:00.000Z" }]);
    expect([unrecorded.code, unrecorded.stdout.replace(/[0-9a-f]{64}/, "H")]).toEqual([1, "FAILED: out/run-2/manifest.json: no run in the ledger .evidence-ledger produced this manifest (sha256 H)\n"]);
  });
});
