/**
 * Benchmark of `emailmate-ops plan` (the fast engine, as the command runs it: tenant files read and validated,
 * plan built, JSON serialised): seconds and peak RSS for 1,000 and 10,000 generated tenants, each measurement in
 * its own process (peak RSS = that process's maxRSS), against a naive-mocks baseline measured in the same run: the
 * same Pulumi program under plain `pulumi.runtime.setMocks` (mocks echo inputs, default stack traces).
 * Seconds are measured inside the process from before loading the plan modules to the end (Node start excluded).
 *
 *   npx tsx bench/plan.ts                 # 1,000 and 10,000 tenants; naive mocks at 1,000 only
 *   npx tsx bench/plan.ts 1000 10000 --naive-all   # naive mocks at every size too (slow)
 *   npx tsx bench/plan.ts 1000 10000 --no-naive    # fast plan only
 *   npx tsx bench/plan.ts 1000 --with-mocks        # also `plan --engine mocks` at the first size
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reportFigures, runWorker } from "./support";

type Mode = "fast" | "mocks" | "naive";

interface Measure {
  readonly mode: Mode;
  readonly tenants: number;
  readonly resources: number;
  readonly seconds: number;
  readonly peakRssMb: number;
}

const REGIONS = ["eu-west-1", "us-east-1", "ap-southeast-2", "eu-central-1"];

/** A project folder with `n` valid tenant files (1–3 domains each, some with tracking) and a dev stack file. */
function makeProject(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), `emailmate-bench-${n}-`));
  mkdirSync(join(dir, "tenants"));
  writeFileSync(join(dir, "Pulumi.dev.yaml"), 'config:\n  aws:region: eu-west-1\n  emailmate-ops:accountId: "123456789012"\n');
  for (let i = 0; i < n; i++) {
    const id = `tenant-${i.toString().padStart(5, "0")}`;
    const domains = Array.from({ length: 1 + (i % 3) }, (_, d) => `m${d}.${id}.example`);
    const tracking = i % 4 === 0 ? `\n  trackingDomain: click.m0.${id}.example` : "";
    writeFileSync(
      join(dir, "tenants", `${id}.yaml`),
      `id: ${id}\nname: Tenant ${i}\nplan: pro\nregion: ${REGIONS[i % REGIONS.length]}\ncontacts:\n  security: sec@${id}.example\nsending:\n  domains: [${domains.join(", ")}]${tracking}\n`,
    );
  }
  return dir;
}

/** Child: plan one project in one mode and print one JSON line. */
async function child(mode: Mode, dir: string): Promise<void> {
  const start = performance.now();
  let resources: number;
  let tenants: number;
  if (mode === "naive") {
    const pulumi = await import("@pulumi/pulumi");
    let count = 0;
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          count++;
          return { id: `${args.name}_id`, state: args.inputs };
        },
        call: (args) => args.inputs,
      },
      "emailmate-ops",
      "dev",
    );
    pulumi.runtime.setAllConfig({ "aws:region": "eu-west-1", "emailmate-ops:accountId": "123456789012", "emailmate-ops:tenantsDir": join(dir, "tenants"), "emailmate-ops:convexDeployKey": "x", "emailmate-ops:webhookSigningSecret": "x" });
    const { runStack } = await import("../src/infra/stack");
    const stack = runStack(dir);
    await pulumi.runtime.disconnect();
    resources = count;
    tenants = stack.shardTenants.length;
  } else {
    const { planStack } = await import("../src/plan");
    const plan = await planStack({ cwd: dir, engine: mode });
    resources = plan.resources.length;
    tenants = plan.tenants.length;
    // What the command does with it: serialise for --json (kept out of the output).
    if (JSON.stringify(plan).length === 0) throw new Error("empty plan");
  }
  reportFigures({ mode, tenants, resources, seconds: (performance.now() - start) / 1000 });
}

/** One measurement in a fresh process: its peak RSS is that plan's alone. */
const run = (mode: Mode, dir: string): Measure => runWorker(__filename, ["--child", mode, dir]) as unknown as Measure;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--child") return child(args[1] as Mode, args[2]!);
  const naiveAll = args.includes("--naive-all");
  const naiveNone = args.includes("--no-naive");
  const withMocks = args.includes("--with-mocks");
  const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
  if (sizes.length === 0) sizes.push(1000, 10000);

  const rows: string[][] = [];
  let naiveAt: Measure | undefined;
  for (const n of sizes) {
    const dir = makeProject(n);
    try {
      const naive = !naiveNone && (naiveAll || naiveAt === undefined) ? run("naive", dir) : undefined;
      if (naive !== undefined) naiveAt = naive;
      const fast = run("fast", dir);
      // The program under tuned mocks grows like naive mocks: measured at the first size only.
      const mocks = withMocks && n === sizes[0] ? run("mocks", dir) : undefined;
      for (const m of [naive, fast, mocks].filter((x): x is Measure => x !== undefined)) {
        const ratio = naiveAt !== undefined && naiveAt.tenants === m.tenants ? (m.seconds / naiveAt.seconds).toFixed(3) : "n/a";
        rows.push([m.mode, String(m.tenants), String(m.resources), m.seconds.toFixed(2), ((m.seconds / m.tenants) * 1000).toFixed(2), m.peakRssMb.toFixed(0), ratio]);
        process.stderr.write(`${rows[rows.length - 1]!.join("\t")}\n`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const head = ["engine", "tenants", "resources", "seconds", "s per 1k tenants", "peak MB", "time / naive mocks (same size)"];
  console.log([head, ...rows].map((r) => r.join("\t")).join("\n"));
  if (naiveAt !== undefined && !naiveAll) console.log(`naive mocks measured at ${naiveAt.tenants} tenants only (--naive-all for every size)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
