import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ResourceRecord } from "../../src/core/resource";
import { DiagnosticsError } from "../../src/config/diagnostics";
import { OpsError } from "../../src/core/errors";
import { planStack, type PlanResult } from "../../src/plan";
import { loadTenantsOrThrow } from "../../src/tenants";

const ROOT = join(__dirname, "../..");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A project folder with the sample tenants and a stack file. */
function project(stackConfig: Record<string, string | number> = {}, stack = "dev"): string {
  const dir = mkdtempSync(join(tmpdir(), "emailmate-plan-"));
  dirs.push(dir);
  cpSync(join(ROOT, "tenants"), join(dir, "tenants"), { recursive: true });
  const config = { "aws:region": "eu-west-1", "emailmate-ops:accountId": "123456789012", ...stackConfig };
  writeFileSync(join(dir, `Pulumi.${stack}.yaml`), `config:\n${Object.entries(config).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join("\n")}\n`);
  return dir;
}

const HOOLI = `id: hooli
name: Hooli
plan: pro
region: eu-west-1
contacts:
  security: security@hooli.example
sending:
  domains: [mail.hooli.example]
`;

const byUrn = (plan: PlanResult) => new Map(plan.resources.map((r) => [r.urn, r]));
const sorted = (rs: readonly ResourceRecord[]) => [...rs].sort((a, b) => (a.urn < b.urn ? -1 : 1));

describe("plan/index planStack", () => {
  it("gives, with the fast engine, exactly the resources the real program registers under Pulumi's mocks", async () => {
    const fast = await planStack({ cwd: ROOT, stack: "dev" });
    const mocks = await planStack({ cwd: ROOT, stack: "dev", engine: "mocks" });
    const count = (tenant: string | undefined) => mocks.resources.filter((r) => r.tenant === tenant).length;
    expect([count(undefined), count("acme"), count("globex"), count("initech")]).toEqual([11, 15, 17, 13]);
    expect(fast.resources).toHaveLength(56);
    expect(sorted(mocks.resources)).toEqual(sorted(fast.resources));
    expect(mocks.resources.map((r) => r.urn)).toEqual(fast.resources.map((r) => r.urn));
    expect([mocks.stack, mocks.tenants]).toEqual([fast.stack, fast.tenants]);
  });

  it("lists the sample tenants and names resources by URN with their parent component", async () => {
    const plan = await planStack({ cwd: project() });
    expect(plan.stack).toBe("dev");
    expect(plan.tenants).toEqual(["acme", "globex", "initech"]);
    const key = byUrn(plan).get("urn:pulumi:dev::emailmate-ops::emailmate:tenant:Tenant$aws:kms/key:Key::acme-key");
    expect([key?.type, key?.name, key?.tenant, key?.parent]).toEqual(["aws:kms/key:Key", "acme-key", "acme", "urn:pulumi:dev::emailmate-ops::emailmate:tenant:Tenant::acme"]);
  });

  it("sets tenant on every resource of a tenant component and on none of the platform's", async () => {
    const plan = await planStack({ cwd: project() });
    for (const r of plan.resources) {
      if (r.urn.includes("::emailmate:tenant:Tenant")) expect(r.tenant, r.urn).toBe(r.urn.includes("$") ? r.parent?.split("::").pop() : r.name);
      else expect(r.tenant, r.urn).toBeUndefined();
    }
  });

  it("encrypts each tenant's audit log group and topic with that tenant's own key ARN", async () => {
    const plan = await planStack({ cwd: project() });
    for (const tenant of plan.tenants) {
      const mine = plan.resources.filter((r) => r.tenant === tenant);
      const keyArn = mine.find((r) => r.type === "aws:kms/key:Key")?.outputs?.arn;
      expect(keyArn).toMatch(new RegExp(`^arn:aws:kms:[a-z0-9-]+:123456789012:key/mock-key-${tenant}-key$`));
      const encrypted = mine.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup").map((r) => r.props.kmsKeyId);
      expect(encrypted).toEqual([keyArn]);
      expect(mine.find((r) => r.type === "aws:sns/topic:Topic")?.props.kmsMasterKeyId).toBe(keyArn);
    }
  });

  it("associates only the tenant's own configuration set and identities with its own SES tenant", async () => {
    const plan = await planStack({ cwd: project() });
    for (const tenant of plan.tenants) {
      const mine = plan.resources.filter((r) => r.tenant === tenant);
      const own = mine.filter((r) => r.type === "aws:sesv2/configurationSet:ConfigurationSet" || r.type === "aws:sesv2/emailIdentity:EmailIdentity").map((r) => r.outputs?.arn);
      const assoc = mine.filter((r) => r.type === "aws:sesv2/tenantResourceAssociation:TenantResourceAssociation");
      expect(assoc.map((a) => a.props.resourceArn).sort()).toEqual([...own].sort());
      expect(new Set(assoc.map((a) => a.props.tenantName))).toEqual(new Set([tenant]));
    }
  });

  it("adds exactly the new tenant's resources when a tenant file is added, and changes no other (under mocks)", async () => {
    const dir = project();
    const before = await planStack({ cwd: dir, engine: "mocks" });
    writeFileSync(join(dir, "tenants/hooli.yaml"), HOOLI);
    const after = await planStack({ cwd: dir, engine: "mocks" });
    const old = byUrn(before);
    const added = after.resources.filter((r) => !old.has(r.urn));
    expect(added.map((r) => r.name)).toEqual([
      "hooli",
      "hooli-key",
      "hooli-key-alias",
      "hooli-audit-log-group",
      "hooli-configuration-set",
      "hooli-ses-tenant",
      "hooli-configuration-set-association",
      "hooli-identity-mail.hooli.example",
      "hooli-identity-mail.hooli.example-association",
      "hooli-event-destination",
      "hooli-alerts-topic",
      "hooli-bounce-rate-alarm",
      "hooli-complaint-rate-alarm",
    ]);
    expect(new Set(added.map((r) => r.tenant))).toEqual(new Set(["hooli"]));
    const kept = after.resources.filter((r) => old.has(r.urn));
    expect(sorted(kept)).toEqual(sorted(before.resources));
  });

  it("after a key replacement (tenant file kmsKeys), declares the new key by import and points alias, log group and topic at it; both engines agree", async () => {
    const dir = project();
    const newKey = "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
    const acme = readFileSync(join(dir, "tenants/acme.yaml"), "utf8");
    writeFileSync(join(dir, "tenants/acme.yaml"), `${acme}kmsKeys:\n  - keyId: ${newKey}\n    since: "2026-11-29T12:10:00Z"\n    incident: INC-20261129-001\n`);
    const fast = await planStack({ cwd: dir });
    const mocks = await planStack({ cwd: dir, engine: "mocks" });
    expect(sorted(mocks.resources)).toEqual(sorted(fast.resources));
    const r = (name: string) => fast.resources.find((x) => x.name === name)!;
    const newArn = `arn:aws:kms:eu-west-1:123456789012:key/${newKey}`;
    expect([r("acme-key-2").id, r("acme-key-2").outputs?.arn]).toEqual([newKey, newArn]);
    expect([r("acme-key-alias").props.targetKeyId, r("acme-audit-log-group").props.kmsKeyId, r("acme-alerts-topic").props.kmsMasterKeyId]).toEqual([newKey, newArn, newArn]);
    // The old key stays declared (its retained logs need it), with the policy that only lets Logs read them.
    const oldPolicy = JSON.parse(String(r("acme-key").props.policy)) as { Statement: { Sid: string }[] };
    expect(oldPolicy.Statement.map((st) => st.Sid)).toEqual(["AccountAdministrationOnly", "CloudWatchLogsReadRetainedEvents"]);
    const newPolicy = JSON.parse(String(r("acme-key-2").props.policy)) as { Statement: { Sid: string }[] };
    expect(newPolicy.Statement.map((st) => st.Sid)).toEqual(["AccountAdministration", "CloudWatchLogsForTheseLogGroups", "CloudWatchAlarmsToEncryptedTopic"]);
    const acmeNames = fast.resources.filter((x) => x.tenant === "acme").map((x) => x.name);
    expect(acmeNames.slice(0, 4)).toEqual(["acme", "acme-key", "acme-key-2", "acme-key-alias"]);
  });

  it("splits tenants across shards by id, every tenant in exactly one shard, the platform only in shard 0", async () => {
    const plans = [];
    for (const shard of [0, 1]) plans.push(await planStack({ cwd: project({ "emailmate-ops:tenantShards": 2, "emailmate-ops:tenantShard": shard }) }));
    expect(plans.map((p) => p.tenants)).toEqual([["globex"], ["acme", "initech"]]);
    const platform = plans.map((p) => p.resources.filter((r) => r.urn.includes("emailmate:platform:Platform")).length);
    expect(platform).toEqual([11, 0]);
  });

  it("plans with the offline defaults when no stack is named and there is no Pulumi.dev.yaml", async () => {
    const dir = project({}, "other");
    const plan = await planStack({ cwd: dir });
    expect([plan.stack, plan.tenants]).toEqual(["dev", ["acme", "globex", "initech"]]);
    expect(plan.resources.find((r) => r.name === "platform-key")?.outputs?.arn).toBe("arn:aws:kms:eu-west-1:123456789012:key/mock-key-platform-key");
  });

  it("plans the given tenants without reading tenant files", async () => {
    const tenants = loadTenantsOrThrow([join(ROOT, "tenants")]).filter((t) => t.id === "initech");
    const plan = await planStack({ cwd: project({ "emailmate-ops:tenantsDir": "does-not-exist" }), tenants });
    expect(plan.tenants).toEqual(["initech"]);
  });

  it("refuses a stack without its Pulumi.<stack>.yaml (exit 2)", async () => {
    const err = await planStack({ cwd: project(), stack: "staging" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpsError);
    expect((err as OpsError).message).toMatch(/^no Pulumi\.staging\.yaml in .+; expected a stack file \(create one with `pulumi stack init staging`\)$/);
  });

  it("locates a bad shard setting in the stack file", async () => {
    const err = await planStack({ cwd: project({ "emailmate-ops:tenantShards": 2, "emailmate-ops:tenantShard": 5 }) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiagnosticsError);
    expect((err as DiagnosticsError).diagnostics).toEqual([
      { file: "Pulumi.dev.yaml", line: 5, col: 30, code: "E_VALUE", path: "config.emailmate-ops:tenantShard", message: "expected tenantShard between 0 and 1, got 5" },
    ]);
  });

  it("reports invalid tenant files as located diagnostics", async () => {
    const dir = project();
    writeFileSync(join(dir, "tenants/bad.yaml"), "id: bad\n");
    const err = await planStack({ cwd: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiagnosticsError);
    expect((err as DiagnosticsError).diagnostics[0]?.file).toBe("tenants/bad.yaml");
  });
});
