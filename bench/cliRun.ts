/**
 * Running the CLI as a user does (a fresh `node bin/emailmate-ops.js …` process, start included) and measuring it:
 * wall time from spawn to exit, and the child's own CPU time and peak RSS, reported at exit by a preload
 * (bench/workers/rusage.cjs) so nothing wraps the process. Also: generated projects of n tenants.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { makeTenantProject, tenantFile, tenantId } from "./support";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const BIN = join(ROOT, "bin", "emailmate-ops.js");
const PRELOAD = join(__dirname, "workers", "rusage.cjs");

export interface CliMeasure {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  readonly exitCode: number;
}

export { tenantFile, tenantId };

/** A project folder with `n` tenant files and a dev stack file; with `git`, committed (tag `base`). */
export const makeProject = (n: number, opts: { git?: boolean } = {}): string => makeTenantProject(n, "emailmate-bench", opts);

export const removeProject = (dir: string): void => rmSync(dir, { recursive: true, force: true });

/** Runs `emailmate-ops <args>` in `cwd` once; stdout is discarded (as a CI job writing files would). */
export function runCli(cwd: string, args: readonly string[]): CliMeasure {
  const report = join(mkdtempSync(join(tmpdir(), "emailmate-rusage-")), "rusage.json");
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--require", PRELOAD, BIN, ...args], {
    cwd,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, EMAILMATE_BENCH_RUSAGE: report, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`emailmate-ops ${args.join(" ")} exited ${r.status}:\n${r.stderr}`);
  const usage = JSON.parse(readFileSync(report, "utf8")) as { cpuSeconds: number; peakRssMb: number };
  rmSync(join(report, ".."), { recursive: true, force: true });
  return { seconds, cpuSeconds: usage.cpuSeconds, peakRssMb: usage.peakRssMb, exitCode: r.status };
}

/** The run with the median wall time of `runs` runs. */
export function medianRun(cwd: string, args: readonly string[], runs: number): CliMeasure {
  const all = Array.from({ length: runs }, () => runCli(cwd, args)).sort((a, b) => a.seconds - b.seconds);
  return all[Math.floor(all.length / 2)]!;
}
