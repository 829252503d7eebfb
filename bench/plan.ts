/**
 * `plan` through the CLI (a fresh process each, Node start included): the fast engine against the project's own
 * `--engine mocks` (the real Pulumi program under Pulumi's mocks) on the same tenants in the same run, and
 * `plan --base` on a large platform for changes of different sizes (its cost should track the change, not the
 * platform). Prints median wall seconds, CPU seconds and peak RSS. Needs `npm run build` first.
 *
 *   npx tsx bench/plan.ts                 # engines at 1,000 tenants (mocks: one run), fast at 10,000, --base at 10,000
 *   npx tsx bench/plan.ts --runs 5 --no-mocks
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeProject, medianRun, removeProject, runCli, tenantFile, tenantId, type CliMeasure } from "./cliRun";

const args = process.argv.slice(2);
const runs = args.includes("--runs") ? Number(args[args.indexOf("--runs") + 1]) : 3;
const withMocks = !args.includes("--no-mocks");
const rows: { what: string; tenants: number; m: CliMeasure }[] = [];
const note = (what: string, tenants: number, m: CliMeasure) => {
  rows.push({ what, tenants, m });
  process.stderr.write(`${what} (${tenants} tenants): ${m.seconds.toFixed(2)} s\n`);
};

const small = makeProject(1000);
try {
  const fast = medianRun(small, ["plan", "--json"], runs);
  note("plan --json (fast engine)", 1000, fast);
  if (withMocks) {
    const mocks = runCli(small, ["plan", "--engine", "mocks", "--json"]);
    note("plan --engine mocks --json (one run)", 1000, mocks);
    console.log(`at 1000 tenants: the fast engine is ${(mocks.seconds / fast.seconds).toFixed(1)}x faster than --engine mocks (wall), ${(mocks.cpuSeconds / fast.cpuSeconds).toFixed(1)}x (cpu)`);
  }
} finally {
  removeProject(small);
}

const large = makeProject(10000, { git: true });
try {
  note("plan --json (fast engine)", 10000, medianRun(large, ["plan", "--json"], runs));
  note("plan --base, no change", 10000, medianRun(large, ["plan", "--base", "base", "--json"], runs));
  writeFileSync(join(large, "tenants", `${tenantId(10000)}.yaml`), tenantFile(10000));
  note("plan --base, 1 tenant added", 10000, medianRun(large, ["plan", "--base", "base", "--format", "md"], runs));
  for (let i = 10001; i < 10100; i++) writeFileSync(join(large, "tenants", `${tenantId(i)}.yaml`), tenantFile(i));
  rmSync(join(large, "tenants", `${tenantId(0)}.yaml`));
  note("plan --base, 100 added + 1 removed", 10000, medianRun(large, ["plan", "--base", "base", "--format", "md"], runs));
  writeFileSync(join(large, "Pulumi.dev.yaml"), 'config:\n  aws:region: eu-west-1\n  emailmate-ops:accountId: "999999999999"\n');
  note("plan --base, stack file changed (all)", 10000, medianRun(large, ["plan", "--base", "base", "--format", "md"], runs));
} finally {
  removeProject(large);
}

const table = [["command", "tenants", "wall s (median)", "cpu s", "peak RSS MB"], ...rows.map((r) => [r.what, String(r.tenants), r.m.seconds.toFixed(2), r.m.cpuSeconds.toFixed(2), r.m.peakRssMb.toFixed(0)])];
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
console.log(table.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n"));
