/**
 * Benchmark of `emailmate-ops evidence` (tenant files read and validated → plan → every check → the SOC 2 bundle
 * streamed to disk, atomically): seconds and peak RSS for 1,000 and 10,000 generated tenants, each measurement in
 * its own process (peak RSS = that process's maxRSS). Two baselines from the same run and the same tenants:
 *   - `policy check` (text: the verdict and what is not a pass) through the same code: plan + checks, no bundle;
 *   - the bundle built whole in memory (every file as one string, as the bundle was written before streaming).
 * Seconds are measured inside the process (Node start excluded).
 *
 *   npx tsx bench/evidence.ts              # 1,000 and 10,000 tenants
 *   npx tsx bench/evidence.ts 1000         # one size
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { makeTenantProject, reportFigures, runWorker } from "./support";

type Mode = "evidence" | "policy-check" | "in-memory";
const MODES: readonly Mode[] = ["policy-check", "evidence", "in-memory"];

interface Measure {
  readonly mode: Mode;
  readonly tenants: number;
  readonly seconds: number;
  readonly bytes: number;
  readonly peakRssMb: number;
}


/** Child: one command over the project, in process, stdout discarded; prints one JSON line. */
async function child(mode: Mode, dir: string, tenants: number): Promise<void> {
  const start = performance.now();
  const { systemClock } = await import("../src/core/clock");
  let bytes = 0;
  if (mode === "in-memory") {
    const { runPolicyCheck } = await import("../src/policy/run");
    const { buildEvidence, renderEvidence } = await import("../src/evidence/bundle");
    const { ALL_CHECKS } = await import("../src/policy/checks");
    const { source, report } = await runPolicyCheck({ cwd: dir, clock: systemClock });
    const at = new Date().toISOString();
    const files = renderEvidence(
      buildEvidence({
        report,
        records: source.records,
        checks: ALL_CHECKS,
        provenance: { toolVersion: "bench", git: { commit: "bench", dirty: "unknown" }, generatedBy: { operator: "bench", host: "bench" }, generatedAt: at, period: { kind: "point-in-time", from: at, to: at }, inputs: [], policy: { config: null, enforcement: {}, suppressions: [] } },
      }),
    );
    bytes = files.reduce((n, f) => n + f.content.length, 0);
  } else {
    const { runCli } = await import("../src/cli/main");
    const argv = mode === "evidence" ? ["evidence", "--out", join(dir, "out")] : ["policy", "check", "--format", "text"];
    const code = await runCli(argv, {
      cwd: dir,
      env: {},
      clock: systemClock,
      stdout: (t) => void (bytes += t.length),
      stderr: (t) => void process.stderr.write(t),
      tty: { stdin: false, stderr: false },
    });
    if (code > 1) throw new Error(`${argv.join(" ")} exited ${code}`);
  }
  reportFigures({ mode, tenants, bytes, seconds: (performance.now() - start) / 1000 });
}

const run = (mode: Mode, dir: string, n: number): Measure => runWorker(__filename, ["--child", mode, dir, String(n)]) as unknown as Measure;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--child") return child(args[1] as Mode, args[2]!, Number(args[3]));
  const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
  if (sizes.length === 0) sizes.push(1000, 10000);
  const rows: string[][] = [];
  for (const n of sizes) {
    const dir = makeTenantProject(n, "emailmate-bench-evidence");
    try {
      const measured = MODES.map((m) => run(m, dir, n));
      const floor = measured.find((m) => m.mode === "policy-check")!;
      const whole = measured.find((m) => m.mode === "in-memory")!;
      for (const m of measured) {
        rows.push([m.mode, String(n), m.seconds.toFixed(2), m.peakRssMb.toFixed(0), (m.peakRssMb / floor.peakRssMb).toFixed(2), (m.peakRssMb / whole.peakRssMb).toFixed(2)]);
        process.stderr.write(`${rows[rows.length - 1]!.join("\t")}\n`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const head = ["run", "tenants", "seconds", "peak MB", "peak / policy check", "peak / in-memory bundle"];
  console.log([head, ...rows].map((r) => r.join("\t")).join("\n"));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
