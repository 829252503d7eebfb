import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { loadTenants, tenantFsAt } from "../../src/tenants";
import { reportFigures } from "../support";

/** Worker: `validate DIR` runs the real loader; `parse DIR` only reads and parses the YAML (the baseline). */
const [mode, dir] = process.argv.slice(2) as [string, string];
const started = process.hrtime.bigint();
let tenants = 0;
let problems = 0;
if (mode === "validate") {
  const set = loadTenants([dir], tenantFsAt(process.cwd()));
  tenants = set.tenants.length;
  problems = set.diagnostics.length;
} else {
  for (const f of readdirSync(dir)) {
    parse(readFileSync(join(dir, f), "utf8"));
    tenants++;
  }
}
reportFigures({ mode, tenants, problems, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
