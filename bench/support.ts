import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadTenantsOrThrow, tenantFsAt, tenantNames, type Tenant } from "../src/tenants";

const ROOT = join(__dirname, "..");

/** Figures a benchmark worker prints as its last stdout line (JSON). */
export interface WorkerFigures {
  seconds: number;
  peakRssMb: number;
  [k: string]: unknown;
}

/**
 * Runs `file` (TypeScript, through tsx) in a fresh Node process so its peak memory is its own, and returns the
 * JSON figures it prints last. Workers call `reportFigures` below.
 */
export function runWorker(file: string, args: string[], env: Record<string, string> = {}): WorkerFigures {
  const r = spawnSync(process.execPath, ["--import", "tsx", file, ...args], { encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${file} ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
  const last = r.stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as WorkerFigures;
}

/** Peak resident set size of this process so far, in MB (maxRSS is in KiB). */
export function peakRssMb(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

export function reportFigures(figures: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ ...figures, peakRssMb: peakRssMb() }) + "\n");
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const fmt = (n: number, digits = 2) => n.toFixed(digits);

const REGIONS = ["eu-west-1", "us-east-1", "ap-southeast-2", "eu-central-1"];

export const tenantId = (i: number): string => `tenant-${i.toString().padStart(5, "0")}`;

/** One valid tenant file (1–3 domains, every fourth with a tracking domain on its first sending domain). */
export function tenantFile(i: number): string {
  const id = tenantId(i);
  const domains = Array.from({ length: 1 + (i % 3) }, (_, d) => `m${d}.${id}.example`);
  const tracking = i % 4 === 0 ? `\n  trackingDomain: click.m0.${id}.example` : "";
  return `id: ${id}\nname: Tenant ${i}\nplan: pro\nregion: ${REGIONS[i % REGIONS.length]}\ncontacts:\n  security: sec@${id}.example\nsending:\n  domains: [${domains.join(", ")}]${tracking}\n`;
}

/** A project folder with `n` valid tenant files and a dev stack file; with `git`, committed (tag `base`). */
export function makeTenantProject(n: number, prefix = "emailmate-bench", opts: { git?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-${n}-`));
  mkdirSync(join(dir, "tenants"));
  writeFileSync(join(dir, "Pulumi.dev.yaml"), 'config:\n  aws:region: eu-west-1\n  emailmate-ops:accountId: "123456789012"\n');
  for (let i = 0; i < n; i++) writeFileSync(join(dir, "tenants", `${tenantId(i)}.yaml`), tenantFile(i));
  if (opts.git === true) {
    const env = { ...process.env, GIT_AUTHOR_NAME: "bench", GIT_AUTHOR_EMAIL: "bench@example.com", GIT_COMMITTER_NAME: "bench", GIT_COMMITTER_EMAIL: "bench@example.com" };
    for (const args of [["init", "-q"], ["add", "-A"], ["commit", "-qm", "base"], ["tag", "base"]]) execFileSync("git", args, { cwd: dir, env });
  }
  return dir;
}

/** `count` tenants cloned from the sample tenants, each with its own id and domains. */
export function generateTenants(n: number): Tenant[] {
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

