/**
 * Cold start of the CLI: median wall time of `emailmate-ops --help` and `tenants validate` over N runs each, against
 * a bare `node -e 0` baseline in the same run. Needs `npm run build` first.
 * Run: npx tsx bench/coldStart.ts [runs]
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fmt, median } from "./support";

const runs = Number(process.argv[2] ?? 15);
const root = join(__dirname, "..");
const bin = join(root, "bin", "emailmate-ops.js");

function time(args: string[]): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(samples);
}

const baseline = time(["-e", "0"]);
const help = time([bin, "--help"]);
const validate = time([bin, "tenants", "validate"]);
console.log(`cold start, median of ${runs} runs:`);
console.log(`  node -e 0 (baseline):          ${fmt(baseline, 1)} ms`);
console.log(`  emailmate-ops --help:          ${fmt(help, 1)} ms (${fmt(help / baseline)}x baseline; target <= 300 ms)`);
console.log(`  emailmate-ops tenants validate: ${fmt(validate, 1)} ms (${fmt(validate / baseline)}x baseline)`);
