import { cpSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCliCapture } from "../../support/cli";
import { scratch } from "../../support/tmp";

const ROOT = join(__dirname, "../../..");
const tmp = scratch("emailmate-audit-export-");
afterAll(() => tmp.cleanup());
cpSync(join(ROOT, "tenants"), join(tmp.dir, "tenants"), { recursive: true });

describe("src/cli/commands/audit-export", () => {
  it("refuses a file as --out with exit 2, before any AWS call", async () => {
    tmp.write("not-a-folder", "x");
    const env = { AWS_REGION: "eu-west-1", AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" };
    const r = await runCliCapture(["audit", "export", "--tenant", "acme", "--from", "2026-11-01", "--to", "2026-11-02", "--out", "not-a-folder", "--workers", "0", "--json"], { cwd: tmp.dir, env });
    expect([r.code, JSON.parse(r.stdout)]).toEqual([2, { ok: false, error: { code: "E_USAGE", message: "--out not-a-folder is a file; expected a new or empty folder" } }]);
  });

  it("refuses a day that is not in its month with exit 2", async () => {
    const r = await runCliCapture(["audit", "export", "--tenant", "acme", "--from", "2026-02-30", "--to", "2026-03-05", "--out", "x", "--json"], { cwd: tmp.dir });
    expect([r.code, JSON.parse(r.stdout).error.message]).toEqual([2, '--from expects an ISO 8601 date or date-time such as 2026-11-01 or 2026-11-01T00:00:00Z, got "2026-02-30"']);
  });

  it("refuses a --chain manifest of the wrong shape (JSON null) with exit 2, not an internal error", async () => {
    tmp.write("null-manifest.json", "null");
    const r = await runCliCapture(["audit", "export", "--tenant", "acme", "--from", "2026-11-01", "--to", "2026-11-02", "--out", "y", "--chain", "null-manifest.json", "--json"], { cwd: tmp.dir });
    expect([r.code, JSON.parse(r.stdout).error.message]).toEqual([2, `--chain: ${join(tmp.dir, "null-manifest.json")} is not an audit export manifest`]);
  });
});
