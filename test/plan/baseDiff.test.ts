import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { shardOf } from "../../src/infra/shard";
import { planDiff } from "../../src/plan/baseDiff";
import { scratch } from "../support/tmp";
import { git, gitProject, stackFile, tenantYaml } from "../support/gitRepo";

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

const repo = (stacks?: Parameters<typeof gitProject>[0], extra?: Parameters<typeof gitProject>[1]) => {
  const r = gitProject(stacks, extra);
  cleanups.push(r.cleanup);
  return r;
};

describe("plan/baseDiff planDiff", () => {
  it("shows adding one tenant as exactly that tenant's resources to create, in every stack that holds it", () => {
    const r = repo({ dev: {}, prod: { "emailmate-ops:platform": true } });
    r.write("tenants/hooli.yaml", tenantYaml("hooli"));
    const d = planDiff({ cwd: r.dir, base: "base" });
    expect(d.stacks.map((s) => [s.stack, s.stackFile, s.counts, s.tenants])).toEqual([
      ["dev", "unchanged", { create: 13, update: 0, delete: 0 }, { added: ["hooli"], changed: [], removed: [] }],
      ["prod", "unchanged", { create: 13, update: 0, delete: 0 }, { added: ["hooli"], changed: [], removed: [] }],
    ]);
    expect(d.stacks[0]!.changes.every((c) => c.action === "create" && c.tenant === "hooli")).toBe(true);
    expect(d.affected).toEqual(["dev", "prod"]);
    expect(d.matrix).toEqual({ include: [{ stack: "dev" }, { stack: "prod" }] });
    expect(d.destroyed).toEqual([]);
    expect(d.base.commit).toBe(git(r.dir, "rev-parse", "base").trim());
  });

  it("lists what removing a tenant destroys, loudly: the audit log group under the one-year promise and the KMS key", () => {
    const r = repo();
    rmSync(join(r.dir, "tenants/initech.yaml"));
    const d = planDiff({ cwd: r.dir, base: "base" });
    expect(d.stacks[0]!.tenants).toEqual({ added: [], changed: [], removed: ["initech"] });
    expect(d.counts).toEqual({ create: 0, update: 0, delete: 13 });
    expect(d.destroyed.map((x) => x.warning)).toEqual([
      "KMS key initech-key: scheduled for deletion after 30 days; whatever it encrypts (retained logs, topic messages) becomes unreadable once it is gone",
      "log group /emailmate/tenants/initech/audit: deleting it deletes its audit logs (kept 365 days) — the security page promises audit logs are retained for 1 year",
      "SES configuration set tenant-initech: sending through it stops",
      "SES tenant initech: its reputation isolation ends",
      "SES identity mail.initech.example: the domain's verification and DKIM keys are lost",
    ]);
    expect(new Set(d.destroyed.map((x) => x.tenant))).toEqual(new Set(["initech"]));
  });

  it("names each changed property with its old and new value", () => {
    const r = repo();
    const acme = readFileSync(join(r.dir, "tenants/acme.yaml"), "utf8");
    writeFileSync(join(r.dir, "tenants/acme.yaml"), acme.replace("retentionDays: 365", "retentionDays: 400"));
    const d = planDiff({ cwd: r.dir, base: "base" });
    expect(d.stacks[0]!.changes.map((c) => [c.action, c.name, c.changes])).toEqual([
      ["update", "acme-audit-log-group", [{ path: "retentionInDays", old: 365, new: 400 }]],
    ]);
    expect(d.stacks[0]!.tenants).toEqual({ added: [], changed: ["acme"], removed: [] });
  });

  // The merged model's key policy names log groups and alarms, not sending domains (no ses-events group, no SES
  // statement): a new sending domain leaves the key alone. Comparing inside policy JSON: test/plan/diff.test.ts.
  it("shows a new sending domain as its identity and association to create, the key unchanged", () => {
    const r = repo();
    writeFileSync(join(r.dir, "tenants/initech.yaml"), readFileSync(join(r.dir, "tenants/initech.yaml"), "utf8").replace("mail.initech.example", "mail.initech.example, news.initech.example"));
    const d = planDiff({ cwd: r.dir, base: "base" });
    expect(d.stacks[0]!.changes.find((c) => c.name === "initech-key")).toBeUndefined();
    expect(d.stacks[0]!.changes.filter((c) => c.action === "create").map((c) => c.name)).toEqual([
      "initech-identity-news.initech.example",
      "initech-identity-news.initech.example-association",
    ]);
  });

  it("reports nothing when nothing changed", () => {
    const r = repo();
    const d = planDiff({ cwd: r.dir, base: "base" });
    expect([d.affected, d.matrix, d.counts, d.stacks[0]!.stackFile]).toEqual([[], { include: [] }, { create: 0, update: 0, delete: 0 }, "unchanged"]);
  });

  it("affects only the shard that holds the added tenant", () => {
    const shards = 4;
    const stacks = Object.fromEntries(Array.from({ length: shards }, (_, k) => [`prod-${k}`, { "emailmate-ops:tenantShards": shards, "emailmate-ops:tenantShard": k }]));
    const r = repo(stacks);
    r.write("tenants/hooli.yaml", tenantYaml("hooli"));
    const d = planDiff({ cwd: r.dir, base: "base" });
    const shard = `prod-${shardOf("hooli", shards)}`;
    expect(d.affected).toEqual([shard]);
    expect(d.matrix).toEqual({ include: [{ stack: shard }] });
    expect(d.stacks.map((s) => s.stack)).toEqual(["prod-0", "prod-1", "prod-2", "prod-3"]);
    expect(d.stacks.find((s) => s.stack === shard)?.counts).toEqual({ create: 13, update: 0, delete: 0 });
  });

  it("compares only the stacks named with stacks", () => {
    const r = repo({ dev: {}, prod: {} });
    r.write("tenants/hooli.yaml", tenantYaml("hooli"));
    expect(planDiff({ cwd: r.dir, base: "base", stacks: ["prod"] }).stacks.map((s) => s.stack)).toEqual(["prod"]);
  });

  it("compares the whole stack when its stack file changed (every resource in the new account)", () => {
    const r = repo();
    r.write("Pulumi.dev.yaml", stackFile({ "emailmate-ops:accountId": "999999999999" }));
    const d = planDiff({ cwd: r.dir, base: "base" });
    expect(d.stacks[0]!.stackFile).toBe("changed");
    expect(d.counts.create + d.counts.update).toBeGreaterThan(0);
    expect(d.stacks[0]!.changes.some((c) => c.tenant === undefined)).toBe(true);
    expect(d.stacks[0]!.tenants.changed).toEqual(["acme", "globex", "initech"]);
  });

  it("shows a new stack file as a stack whose every resource is created", () => {
    const r = repo();
    r.write("Pulumi.staging.yaml", stackFile({}));
    const d = planDiff({ cwd: r.dir, base: "base" });
    const staging = d.stacks.find((s) => s.stack === "staging");
    expect([staging?.stackFile, staging?.counts]).toEqual(["added", { create: 56, update: 0, delete: 0 }]);
    expect(d.affected).toEqual(["staging"]);
  });

  it("shows a removed stack file's resources as deleted, with a warning", () => {
    const r = repo({ dev: {}, old: {} });
    rmSync(join(r.dir, "Pulumi.old.yaml"));
    const d = planDiff({ cwd: r.dir, base: "base" });
    const old = d.stacks.find((s) => s.stack === "old");
    expect([old?.stackFile, old?.counts]).toEqual(["removed", { create: 0, update: 0, delete: 56 }]);
    expect(d.warnings).toContain("Pulumi.old.yaml is removed: the stack's resources stay deployed until `pulumi destroy --stack old`, which would delete what is listed");
  });

  it("counts a tenant file that does not validate at the base as absent there, and says so", () => {
    const r = repo();
    r.write("tenants/hooli.yaml", "id: hooli\nname: [oops\n");
    git(r.dir, "add", "-A");
    git(r.dir, "commit", "-qm", "broken");
    git(r.dir, "tag", "broken");
    r.write("tenants/hooli.yaml", tenantYaml("hooli"));
    const d = planDiff({ cwd: r.dir, base: "broken" });
    expect(d.stacks[0]!.tenants.added).toEqual(["hooli"]);
    expect(d.warnings).toEqual([
      "broken:tenants/hooli.yaml does not validate at the base (3:1 Flow sequence in block collection must be sufficiently indented and end with a ]): its resources count as absent there",
    ]);
  });

  it("reads the base with git only: the working tree, the index and HEAD stay as they were", () => {
    const r = repo();
    r.write("tenants/hooli.yaml", tenantYaml("hooli"));
    rmSync(join(r.dir, "tenants/globex.yaml"));
    const before = [git(r.dir, "status", "--porcelain"), git(r.dir, "rev-parse", "HEAD"), readFileSync(join(r.dir, "tenants/hooli.yaml"), "utf8")];
    planDiff({ cwd: r.dir, base: "base" });
    expect([git(r.dir, "status", "--porcelain"), git(r.dir, "rev-parse", "HEAD"), readFileSync(join(r.dir, "tenants/hooli.yaml"), "utf8")]).toEqual(before);
    expect(before[0]).toBe(" D tenants/globex.yaml\n?? tenants/hooli.yaml\n");
  });

  it("works from the tenants folder's parent even when the project is a subfolder of the repository", () => {
    const r = repo();
    const sub = scratch("emailmate-basediff-sub-");
    cleanups.push(sub.cleanup);
    cpSync(r.dir, join(sub.dir, "project"), { recursive: true });
    rmSync(join(sub.dir, "project/.git"), { recursive: true });
    git(sub.dir, "init", "-q");
    git(sub.dir, "add", "-A");
    git(sub.dir, "commit", "-qm", "base");
    sub.write("project/tenants/hooli.yaml", tenantYaml("hooli"));
    const d = planDiff({ cwd: join(sub.dir, "project"), base: "HEAD" });
    expect(d.stacks[0]!.tenants.added).toEqual(["hooli"]);
    expect(d.counts).toEqual({ create: 13, update: 0, delete: 0 });
  });

  it("counts every stack as affected, with a warning, when the model code differs from the base", () => {
    const r = repo({ dev: {}, prod: {} }, { "src/infra/tenantModel.ts": "export {};\n" });
    expect(planDiff({ cwd: r.dir, base: "base" }).modelChanged).toEqual([]);
    r.write("src/infra/tenantModel.ts", "export const x = 1;\n");
    const d = planDiff({ cwd: r.dir, base: "base" });
    expect([d.modelChanged, d.affected, d.counts]).toEqual([["src/infra/tenantModel.ts"], ["dev", "prod"], { create: 0, update: 0, delete: 0 }]);
    expect(d.warnings).toEqual([
      "the model code differs from the base (src/infra/tenantModel.ts): both sides are planned with the working tree's code, so what the code change itself does is not shown; every stack counts as affected",
    ]);
  });

  it("lists a tenant's move to another region loudly: its log groups and key are replaced, not updated", () => {
    const r = repo();
    writeFileSync(join(r.dir, "tenants/initech.yaml"), readFileSync(join(r.dir, "tenants/initech.yaml"), "utf8").replace("region: ap-southeast-2", "region: eu-west-1"));
    const d = planDiff({ cwd: r.dir, base: "base" });
    const audit = d.stacks[0]!.changes.find((c) => c.name === "initech-audit-log-group");
    expect([audit?.action, audit?.replaces]).toEqual(["update", true]);
    expect(d.destroyed.map((x) => x.warning)).toContain(
      "REPLACED (kmsKeyId, region cannot change in place): log group /emailmate/tenants/initech/audit: deleting it deletes its audit logs (kept 365 days) — the security page promises audit logs are retained for 1 year",
    );
  });
});
