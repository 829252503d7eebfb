/**
 * Runs every benchmark in bench/ (or those named) one after another, each in its own process, and prints their
 * figures. Run: npm run bench [-- name …]   e.g. npm run bench -- coldStart tenantsValidate
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const wanted = process.argv.slice(2);
const all = readdirSync(__dirname)
  .filter((f) => f.endsWith(".ts") && !["index.ts", "support.ts", "cliRun.ts"].includes(f))
  .map((f) => f.replace(/\.ts$/, ""))
  .sort();
const chosen = wanted.length > 0 ? wanted : all;
let failed = 0;
for (const name of chosen) {
  if (!all.includes(name)) {
    console.error(`no benchmark ${name}; available: ${all.join(", ")}`);
    process.exit(2);
  }
  console.log(`\n== ${name}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", join(__dirname, `${name}.ts`)], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
