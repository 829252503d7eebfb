/**
 * Drift benchmark: the three-way comparison (plan, stack export, account) over N tenants' resources, where the
 * stack export and the account equal the plan (the usual case: every resource matched, every compared property
 * read), against evaluating every check over the same records once (the baseline, same run).
 *   npx tsx bench/liveDrift.ts [tenants]
 */
import { join } from "node:path";
import { fixedClock } from "../src/core/clock";
import { compareSources } from "../src/live/drift";
import { planStack } from "../src/plan";
import { ALL_CHECKS } from "../src/policy/checks";
import { evaluate } from "../src/policy/engine/evaluate";
import { fromPlan } from "../src/policy/sources/plan";
import { generateTenants, peakRssMb } from "./support";

const ROOT = join(__dirname, "..");
const count = Number(process.argv[2] ?? 1_000);
const secs = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

async function main(): Promise<void> {
  const tenants = generateTenants(count);
  const records = fromPlan(await planStack({ cwd: ROOT, tenants })).records;
  const regions = [...new Set(records.map((r) => r.props.region).filter((r): r is string => typeof r === "string"))];

  let t0 = process.hrtime.bigint();
  evaluate(records, { clock: fixedClock("2026-11-29T12:00:00Z") });
  const evalSeconds = secs(t0);

  t0 = process.hrtime.bigint();
  const drift = compareSources({
    declared: { label: "plan", records },
    deployed: { label: "stack export", records },
    live: { label: "account", records },
    regions,
    complete: () => true,
    defaultRegion: "eu-west-1",
    checks: ALL_CHECKS,
  });
  const driftSeconds = secs(t0);
  if (drift.findings.length !== 0) throw new Error(`expected no drift, got ${drift.findings.length} findings`);
  console.log(`tenants            ${count} (${records.length} records, ${drift.compared} compared resources in ${regions.length} regions)`);
  console.log(`evaluate (checks)  ${evalSeconds.toFixed(2)} s  (baseline)`);
  console.log(`three-way drift    ${driftSeconds.toFixed(2)} s  (${(driftSeconds / evalSeconds).toFixed(1)}× the checks)`);
  console.log(`peak RSS           ${peakRssMb()} MB`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
