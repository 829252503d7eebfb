/**
 * Running the CLI as a user does (a fresh `node bin/emailmate-ops.js …` process, start included) and measuring it:
 * wall time from spawn to exit, and the child's own CPU time and peak RSS, reported at exit by a preload
 * (bench/workers/rusage.cjs) so nothing wraps the process. Also: generated projects of n tenants.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const BIN = join(ROOT, "bin", "emailmate-ops.js");
const PRELOAD = join(__dirname, "workers", "rusage.cjs");
const REGIONS = ["eu-west-1", "us-east-1", "ap-southeast-2", "eu-central-1"];

export interface CliMeasure {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  readonly exitCode: number;
}

export const tenantId = (i: number): string => `tenant-${i.toString().padStart(5, "0")}`;

/** One valid tenant file (1–3 domains, every fourth with a tracking domain). */
export function tenantFile(i: number): string {
  const id = tenantId(i);
  const domains = Array.from({ length: 1 + (i % 3) }, (_, d) => `m${d}.${id}.example`);
  const tracking = i % 4 === 0 ? `\n  trackingDomain: click.${id}.example` : "";
  return `id: ${id}\nname: Tenant ${i}\nplan: pro\nregion: ${REGIONS[i % REGIONS.length]}\ncontacts:\n  security: sec@${id}.example\nsending:\n  domains: [${domains.join(", ")}]${tracking}\n`;
}

/** A project folder with `n` tenant files and a dev stack file; with `git`, committed (tag `base`). */
export function makeProject(n: number, opts: { git?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), `emailmate-bench-${n}-`));
  mkdirSync(join(dir, "tenants"));
  writeFileSync(join(dir, "Pulumi.dev.yaml"), 'config:\n  aws:region: eu-west-1\n  emailmate-ops:accountId: "123456789012"\n');
  for (let i = 0; i < n; i++) writeFileSync(join(dir, "tenants", `${tenantId(i)}.yaml`), tenantFile(i));
  if (opts.git === true) {
    const env = { ...process.env, GIT_AUTHOR_NAME: "bench", GIT_AUTHOR_EMAIL: "bench@example.com", GIT_COMMITTER_NAME: "bench", GIT_COMMITTER_EMAIL: "bench@example.com" };
    for (const args of [["init", "-q"], ["add", "-A"], ["commit", "-qm", "base"], ["tag", "base"]]) execFileSync("git", args, { cwd: dir, env });
  }
  return dir;
}

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
