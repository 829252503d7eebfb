/**
 * `check` and `plan` at scale, through the CLI as a user runs them (a fresh process each, Node start included),
 * against the project's own `plan --engine mocks` (the real Pulumi program under Pulumi's mocks) measured in the
 * same run on the same generated tenants. Prints, per size: median wall seconds, the process's CPU seconds and
 * peak RSS, seconds per 1,000 tenants (flat = linear), and at the mocks size both ratios (mocks time / check time,
 * mocks time / plan time). Needs `npm run build` first.
 *
 *   npx tsx bench/check.ts                  # 1,000 and 10,000 tenants, 3 runs each, mocks at 1,000
 *   npx tsx bench/check.ts 1000 --runs 5    # one size
 *   npx tsx bench/check.ts --no-mocks       # without the (slow) mocks baseline
 */
import { makeProject, medianRun, removeProject, runCli, type CliMeasure } from "./cliRun";

const args = process.argv.slice(2);
const sizes = args.filter((a) => /^\d+$/.test(a) && args[args.indexOf(a) - 1] !== "--runs").map(Number);
if (sizes.length === 0) sizes.push(1000, 10000);
const runs = args.includes("--runs") ? Number(args[args.indexOf("--runs") + 1]) : 3;
const withMocks = !args.includes("--no-mocks");

interface Row {
  readonly command: string;
  readonly tenants: number;
  readonly m: CliMeasure;
  readonly runs: number;
}

const rows: Row[] = [];
let mocks: Row | undefined;
for (const n of sizes) {
  const dir = makeProject(n);
  try {
    if (withMocks && mocks === undefined) {
      process.stderr.write(`plan --engine mocks, ${n} tenants (one run; slow)…\n`);
      mocks = { command: "plan --engine mocks --json", tenants: n, m: runCli(dir, ["plan", "--engine", "mocks", "--json"]), runs: 1 };
      rows.push(mocks);
    }
    process.stderr.write(`check and plan, ${n} tenants (${runs} runs each)…\n`);
    rows.push({ command: "check", tenants: n, m: medianRun(dir, ["check", "--out", "out"], runs), runs });
    rows.push({ command: "plan --json", tenants: n, m: medianRun(dir, ["plan", "--json"], runs), runs });
  } finally {
    removeProject(dir);
  }
}

const ratio = (r: Row) =>
  mocks !== undefined && r !== mocks && r.tenants === mocks.tenants
    ? `${(mocks.m.seconds / r.m.seconds).toFixed(1)}x faster (cpu ${(mocks.m.cpuSeconds / r.m.cpuSeconds).toFixed(1)}x)`
    : r === mocks
      ? "baseline"
      : "";
const table = [
  ["command", "tenants", "runs", "wall s (median)", "cpu s", "peak RSS MB", "wall s per 1k tenants", "vs plan --engine mocks (same run)"],
  ...rows.map((r) => [r.command, String(r.tenants), String(r.runs), r.m.seconds.toFixed(2), r.m.cpuSeconds.toFixed(2), r.m.peakRssMb.toFixed(0), ((r.m.seconds / r.tenants) * 1000).toFixed(2), ratio(r)]),
];
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
console.log(table.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n"));
if (mocks !== undefined) {
  const at = (cmd: string) => rows.find((r) => r.command === cmd && r.tenants === mocks!.tenants)!;
  console.log(
    `\nat ${mocks.tenants} tenants, wall time: check ${(mocks.m.seconds / at("check").m.seconds).toFixed(1)}x faster than plan --engine mocks (target ≥ 30x); ` +
      `plan ${(mocks.m.seconds / at("plan --json").m.seconds).toFixed(1)}x faster. CPU time (less sensitive to a busy machine): ` +
      `check ${(mocks.m.cpuSeconds / at("check").m.cpuSeconds).toFixed(1)}x, plan ${(mocks.m.cpuSeconds / at("plan --json").m.cpuSeconds).toFixed(1)}x`,
  );
}
