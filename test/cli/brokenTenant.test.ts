import { cpSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CloudWatchLogsAdapter } from "../../src/aws/logs";
import { fixedClock } from "../../src/core/clock";
import { tenantNames } from "../../src/tenants/names";
import { REPO, TENANTS_DIR } from "../incident/harness";
import { runCliCapture } from "../support/cli";
import { startMoto, type Moto } from "../support/moto";
import { scratch } from "../support/tmp";

const NOW = "2026-11-29T12:00:00Z";
const BROKEN = "id: globex\nname: Globex\nplan: gold\n";
const WARNING =
  "warning: 4 problems in other tenant files (tenants/globex.yaml); going on for acme. `emailmate-ops tenants validate` lists them; `check` fails until they are fixed.\n";

let tmp: ReturnType<typeof scratch>;
let moto: Moto;
let logs: CloudWatchLogsAdapter;
beforeAll(async () => {
  moto = await startMoto();
  logs = new CloudWatchLogsAdapter(moto.clientConfig);
  await logs.ensureGroup(tenantNames("acme").auditLogGroup);
});
afterAll(async () => {
  logs?.destroy();
  await moto?.stop();
});
beforeEach(() => {
  tmp = scratch("broken-tenant-");
  cpSync(TENANTS_DIR, join(tmp.dir, "tenants"), { recursive: true });
  cpSync(join(REPO, "runbooks"), join(tmp.dir, "runbooks"), { recursive: true });
  tmp.write("Pulumi.dev.yaml", 'config:\n  aws:region: eu-west-1\n  emailmate-ops:accountId: "111111111111"\n');
  tmp.write("tenants/globex.yaml", BROKEN);
});
afterEach(() => tmp.cleanup());

const cli = (argv: string[], env: Record<string, string> = {}) =>
  runCliCapture(argv, { cwd: tmp.dir, env: { EMAILMATE_OPERATOR: "alice", ...env }, clock: fixedClock(NOW) });

describe("one broken tenant file does not block commands about other tenants", () => {
  it("incident start for another tenant warns on stderr and goes on", async () => {
    const run = await cli(["incident", "start", "tenant-reputation", "--param", "tenant=acme", "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ id: "INC-20261129-001", state: "dry-run" });
    expect(run.stderr.startsWith(WARNING)).toBe(true);
    expect(run.stderr).toContain('warning: tenants/globex.yaml:3:7: E_VALUE plan: expected one of free, pro, enterprise, got the string "gold"\n');
  });

  it("incident run of another tenant's incident goes on too", async () => {
    tmp.write("tenants/globex.yaml", "id: globex\nname: Globex Corporation\nplan: enterprise\nregion: us-east-1\ncontacts:\n  security: s@globex.example\nsending:\n  domains: [mail.globex.example]\n");
    expect((await cli(["incident", "start", "tenant-reputation", "--param", "tenant=acme"])).code).toBe(0);
    tmp.write("tenants/globex.yaml", BROKEN);
    const run = await cli(["incident", "run", "INC-20261129-001", "--json"]);
    expect(run.code).toBe(0);
    expect(run.stderr.startsWith(WARNING)).toBe(true);
  });

  it("a command about the broken tenant itself is refused with its located problems (exit 2)", async () => {
    const run = await cli(["incident", "start", "tenant-reputation", "--param", "tenant=globex"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("tenants/globex.yaml:3:7: E_VALUE plan:");
  });

  it("audit record for another tenant warns and writes the event", async () => {
    const env = { AWS_ENDPOINT_URL: moto.endpoint, AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" };
    const flags = ["--actor", "u-7", "--actor-email", "ada@acme.example", "--action", "key.revoke", "--target", "key/billing-bot", "--ip", "203.0.113.7", "--user-agent", "Dashboard/2.1"];
    const run = await cli(["audit", "record", "--tenant", "acme", ...flags, "--json"], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).logGroup).toBe("/emailmate/tenants/acme/audit");
    expect(run.stderr.startsWith(WARNING)).toBe(true);
  });

  it("audit export for another tenant gets past the tenant files (it is refused only for acme's own reasons)", async () => {
    tmp.write("tenants/acme.yaml", "id: acme\nname: Acme\nplan: free\nregion: eu-west-1\ncontacts:\n  security: s@acme.example\nsending:\n  domains: [mail.acme.example]\n");
    const run = await cli(["audit", "export", "--tenant", "acme", "--from", "2026-11-01", "--to", "2026-11-02", "--out", "x"]);
    expect(run.code).toBe(2);
    expect(run.stderr.startsWith(WARNING)).toBe(true);
    expect(run.stderr).toMatch(/error: .*free plan/);
  });

  it("check still fails on the broken file (exit 2)", async () => {
    const run = await cli(["check", "--json"]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error.diagnostics[0]).toMatchObject({ file: "tenants/globex.yaml", code: "E_REQUIRED" });
  });
});
