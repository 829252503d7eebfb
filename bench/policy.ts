/**
 * Policy-check benchmark: every check over 10,000 tenants' resources (the offline plan's records for 10,000
 * generated tenants), plus the SARIF and evidence writers. Prints seconds and peak memory (RSS sampled + heap).
 *   npx tsx bench/policy.ts [tenants]
 */
import { join } from "node:path";
import { fixedClock } from "../src/core/clock";
import { buildEvidence, renderEvidence } from "../src/evidence/bundle";
import type { Provenance } from "../src/evidence/manifest";
import { planStack } from "../src/plan";
import { ALL_CHECKS } from "../src/policy/checks";
import { evaluate } from "../src/policy/engine/evaluate";
import { toReport } from "../src/policy/report/model";
import { writeSarif } from "../src/policy/report/sarif";
import { fromPlan } from "../src/policy/sources/plan";
import { generateTenants, peakRssMb } from "./support";

const ROOT = join(__dirname, "..");
const count = Number(process.argv[2] ?? 10_000);

const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
const secs = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

function benchProvenance(): Provenance {
  const at = new Date(0).toISOString();
  return {
    toolVersion: "bench",
    git: { commit: "bench", dirty: "unknown" },
    generatedBy: { operator: "bench", host: "bench" },
    generatedAt: at,
    period: { kind: "point-in-time", from: at, to: at },
    inputs: [],
    policy: { config: null, enforcement: {}, suppressions: [] },
  };
}

async function main(): Promise<void> {
  const tenants = generateTenants(count);
  let t0 = process.hrtime.bigint();
  const plan = await planStack({ cwd: ROOT, tenants });
  const planSeconds = secs(t0);
  const source = fromPlan(plan);
  const peakAfterPlan = peakRssMb();
  const heapBefore = process.memoryUsage().heapUsed;

  t0 = process.hrtime.bigint();
  const evaluation = evaluate(source.records, { clock: fixedClock("2026-11-29T12:00:00Z") });
  const evalSeconds = secs(t0);
  const peakAfterEval = peakRssMb();
  const heapAfter = process.memoryUsage().heapUsed;

  t0 = process.hrtime.bigint();
  const report = toReport(source, evaluation);
  writeSarif(report, { checks: ALL_CHECKS, toolVersion: "bench" });
  const evidence = renderEvidence(buildEvidence({ report, records: source.records, checks: ALL_CHECKS, tenants, provenance: benchProvenance() }));
  const writeSeconds = secs(t0);

  const s = evaluation.summary;
  console.log(`tenants            ${count}`);
  console.log(`resources          ${s.resources} (${source.records.length} records)`);
  console.log(`findings           ${evaluation.findings.length}: ${s.pass} pass, ${s.fail} fail, ${s.manual} manual, ${s.suppressed} suppressed`);
  console.log(`plan (fast)        ${planSeconds.toFixed(2)} s (input, not part of the check)`);
  console.log(`evaluate ${ALL_CHECKS.length} checks  ${evalSeconds.toFixed(2)} s   (aim < 2 s)`);
  console.log(`reports+evidence   ${writeSeconds.toFixed(2)} s (SARIF + evidence bundle in memory, ${evidence.length} files)`);
  console.log(`peak RSS           ${peakRssMb()} MB overall; ${peakAfterPlan} MB after the plan, ${peakAfterEval} MB after evaluating`);
  console.log(`heap               ${mb(heapBefore)} MB before evaluating, ${mb(heapAfter)} MB after (findings and proxies: +${mb(heapAfter - heapBefore)} MB)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(70);
});
