import { appendFileSync, cpSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliCapture } from "../../support/cli";
import { scratch } from "../../support/tmp";

const ROOT = join(__dirname, "../../..");
const cli = (...argv: string[]) => runCliCapture(argv, { cwd: ROOT });

describe("cli/commands/plan", () => {
  it("prints {stack, tenants, resources} with --json, each resource with urn, type, name, tenant and props", async () => {
    const run = await cli("plan", "--json");
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect([plan.stack, plan.tenants, plan.resources.length]).toEqual(["dev", ["acme", "globex", "initech"], 56]);
    const cs = plan.resources.find((r: { name: string }) => r.name === "initech-configuration-set");
    expect(cs).toMatchObject({
      urn: "urn:pulumi:dev::emailmate-ops::emailmate:tenant:Tenant$aws:sesv2/configurationSet:ConfigurationSet::initech-configuration-set",
      type: "aws:sesv2/configurationSet:ConfigurationSet",
      tenant: "initech",
      props: { configurationSetName: "tenant-initech", deliveryOptions: { tlsPolicy: "REQUIRE" } },
    });
  });

  it("never prints a secret value: sensitive environment variables show [secret]", async () => {
    const plan = JSON.parse((await cli("plan", "--json")).stdout);
    const env = plan.resources.filter((r: { type: string }) => r.type === "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable");
    expect(env.map((r: { props: { value: string } }) => r.props.value)).toEqual(["[secret]", "[secret]"]);
  });

  it("groups the text plan by tenant with each resource's key settings", async () => {
    const run = await cli("plan", "--tenants", "tenants", "--stack", "dev");
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("stack dev: 56 resources, 3 tenant(s)");
    const at = lines.indexOf("tenant initech (13 resources)");
    expect(lines.slice(at, at + 7)).toEqual([
      "tenant initech (13 resources)",
      "  component initech",
      "  Key initech-key  SYMMETRIC_DEFAULT rotation=on deletionWindow=30d",
      "  Alias initech-key-alias  alias/emailmate/tenant/initech",
      "  LogGroup initech-audit-log-group  /emailmate/tenants/initech/audit retention=365d kms=tenant key",
      "  ConfigurationSet initech-configuration-set  tenant-initech tls=REQUIRE reputationMetrics=on sending=on suppress=BOUNCE,COMPLAINT tracking=none",
      "  Tenant initech-ses-tenant  initech",
    ]);
    expect(run.stdout).toContain("  ProjectRoute platform-vercel-hsts-route  Strict-Transport-Security: max-age=63072000; includeSubDomains; preload\n");
  });

  it("shows a replaced key as retired and its replacement as imported", async () => {
    const tmp = scratch();
    try {
      cpSync(join(ROOT, "tenants/initech.yaml"), join(tmp.dir, "tenants/initech.yaml"));
      appendFileSync(join(tmp.dir, "tenants/initech.yaml"), 'kmsKeys:\n  - keyId: 0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b\n    since: "2026-11-29T12:10:00Z"\n');
      const run = await runCliCapture(["plan"], { cwd: tmp.dir });
      const lines = run.stdout.split("\n");
      expect(lines.filter((l) => l.startsWith("  Key initech-key"))).toEqual([
        "  Key initech-key  SYMMETRIC_DEFAULT rotation=on deletionWindow=30d retired (reads retained logs only)",
        "  Key initech-key-2  SYMMETRIC_DEFAULT rotation=on deletionWindow=30d import=0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
      ]);
    } finally {
      tmp.cleanup();
    }
  });

  it("runs the real program under mocks with --engine mocks and prints the same plan", async () => {
    const fast = JSON.parse((await cli("plan", "--json")).stdout);
    const mocks = JSON.parse((await cli("plan", "--json", "--engine", "mocks")).stdout);
    expect(mocks).toEqual(fast);
  });

  it("plans a folder without stack files with the offline defaults", async () => {
    const tmp = scratch();
    try {
      cpSync(join(ROOT, "tenants/initech.yaml"), join(tmp.dir, "tenants/initech.yaml"), { recursive: true });
      const run = await runCliCapture(["plan", "--json"], { cwd: tmp.dir });
      expect(run.code).toBe(0);
      const plan = JSON.parse(run.stdout);
      expect([plan.stack, plan.tenants, plan.resources.length]).toEqual(["dev", ["initech"], 11 + 13]);
    } finally {
      tmp.cleanup();
    }
  });

  it("exits 2 for an unknown stack", async () => {
    const run = await cli("plan", "--stack", "nope");
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: no Pulumi.nope.yaml in ${ROOT}; expected a stack file (create one with \`pulumi stack init nope\`)\n`);
  });

  it("exits 2 for an unknown engine", async () => {
    const run = await cli("plan", "--engine", "turbo");
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: option '--engine <engine>' argument 'turbo' is invalid. Allowed choices are fast, mocks.\n");
  });
});
