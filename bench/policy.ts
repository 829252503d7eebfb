/**
 * Policy-check benchmark: every check over 10,000 tenants' resources (the offline plan's records for 10,000
 * generated tenants), plus the SARIF and evidence writers. Prints seconds and peak memory (RSS sampled + heap).
 *   npx tsx bench/policy.ts [tenants]
 */
import { join } from "node:path";
import { fixedClock } from "../src/core/clock";
import { buildEvidence } from "../src/evidence/bundle";
import { planStack } from "../src/plan";
import { ALL_CHECKS } from "../src/policy/checks";
import { evaluate } from "../src/policy/engine/evaluate";
import { toReport } from "../src/policy/report/model";
import { writeSarif } from "../src/policy/report/sarif";
import { fromPlan } from "../src/policy/sources/plan";
import { loadTenantsOrThrow, tenantFsAt, tenantNames, type Tenant } from "../src/tenants";
import { peakRssMb } from "./support";

const ROOT = join(__dirname, "..");
const count = Number(process.argv[2] ?? 10_000);

/** `count` tenants cloned from the sample tenants, each with its own id and domains. */
function generateTenants(n: number): Tenant[] {
  const samples = loadTenantsOrThrow([join(ROOT, "tenants")], tenantFsAt(ROOT));
  return Array.from({ length: n }, (_, i) => {
    const base = samples[i % samples.length]!;
    const id = `tenant-${String(i).padStart(5, "0")}`;
    return {
      ...base,
      id,
      name: `Tenant ${i}`,
      names: tenantNames(id),
      file: `tenants/${id}.yaml`,
      sending: { ...base.sending, domains: base.sending.domains.map((_d, k) => `m${k}.${id}.example`), ...(base.sending.trackingDomain ? { trackingDomain: `click.m0.${id}.example` } : {}) },
    };
  });
}

const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
const secs = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

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
  const evidence = buildEvidence({ report, records: source.records, checks: ALL_CHECKS, tenants, generatedAt: new Date(0), gitCommit: "bench", toolVersion: "bench" });
  const writeSeconds = secs(t0);

  const s = evaluation.summary;
  console.log(`tenants            ${count}`);
  console.log(`resources          ${s.resources} (${source.records.length} records)`);
  console.log(`findings           ${evaluation.findings.length}: ${s.pass} pass, ${s.fail} fail, ${s.manual} manual, ${s.suppressed} suppressed`);
  console.log(`plan (fast)        ${planSeconds.toFixed(2)} s (input, not part of the check)`);
  console.log(`evaluate ${ALL_CHECKS.length} checks  ${evalSeconds.toFixed(2)} s   (aim < 2 s)`);
  console.log(`reports+evidence   ${writeSeconds.toFixed(2)} s (SARIF + evidence bundle, ${evidence.files.length} files)`);
  console.log(`peak RSS           ${peakRssMb()} MB overall; ${peakAfterPlan} MB after the plan, ${peakAfterEval} MB after evaluating`);
  console.log(`heap               ${mb(heapBefore)} MB before evaluating, ${mb(heapAfter)} MB after (findings and proxies: +${mb(heapAfter - heapBefore)} MB)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(70);
});
