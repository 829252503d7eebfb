/**
 * Validates 10,000 generated tenant files with the real loader (parse, schema, cross-file rules) and prints time and
 * peak memory, with a baseline in the same run: only reading and parsing the same YAML files.
 * Run: npx tsx bench/tenantsValidate.ts [count]
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fmt, runWorker } from "./support";

const count = Number(process.argv[2] ?? 10_000);
const plans = ["free", "pro", "enterprise"];
const regions = ["eu-west-1", "us-east-1", "ap-southeast-2", "eu-central-1"];
const dir = mkdtempSync(join(tmpdir(), "bench-tenants-"));
try {
  for (let i = 0; i < count; i++) {
    const id = `tenant-${String(i).padStart(6, "0")}`;
    writeFileSync(
      join(dir, `${id}.yaml`),
      `# generated\nid: ${id}\nname: Tenant ${i}\nplan: ${plans[i % 3]}\nregion: ${regions[i % 4]}\ncontacts:\n  security: security@${id}.example\n  dpo: dpo@${id}.example\n` +
        `sending:\n  domains: [mail.${id}.example, news.${id}.example]\n  tlsPolicy: REQUIRE\n  trackingDomain: click.mail.${id}.example\naudit:\n  retentionDays: 400\n` +
        `keys:\n  - agent: billing-bot\n    scopes: [send, events:read]\n  - agent: crm\n    scopes: [send]\n`,
    );
  }
  const worker = join(__dirname, "workers", "tenantsValidate.ts");
  const base = runWorker(worker, ["parse", dir]);
  const real = runWorker(worker, ["validate", dir]);
  if (real.tenants !== count || real.problems !== 0) throw new Error(`expected ${count} valid tenants, got ${JSON.stringify(real)}`);
  console.log(`tenants validate: ${count} files`);
  console.log(`  baseline (read + YAML parse only): ${fmt(base.seconds)} s, peak ${base.peakRssMb} MB`);
  console.log(`  full validation:                   ${fmt(real.seconds)} s, peak ${real.peakRssMb} MB, ${Math.round(count / real.seconds)} files/s`);
  console.log(`  ratio full/baseline: time ${fmt(real.seconds / base.seconds)}x, peak memory ${fmt(real.peakRssMb / base.peakRssMb)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
