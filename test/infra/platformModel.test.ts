import { describe, expect, it } from "vitest";
import { platformModel } from "../../src/infra/platformModel";
import type { ComponentModel } from "../../src/infra/model";

const env = { accountId: "123456789012", partition: "aws" };
const model = platformModel({ region: "eu-west-1", domain: "emailmate.dev" }, env);
const inputs = (m: ComponentModel, role: string) => {
  const c = m.children.find((x) => x.role === role);
  if (c === undefined) throw new Error(`no child ${role}`);
  return c.inputs;
};

describe("infra/platformModel", () => {
  it("declares the platform key, audit log group, alerts topic and the Vercel project, domain, firewall, HSTS route and secrets", () => {
    expect(model.children.map((c) => `${c.role} ${c.type}`)).toEqual([
      "key aws:kms/key:Key",
      "key-alias aws:kms/alias:Alias",
      "audit-log-group aws:cloudwatch/logGroup:LogGroup",
      "alerts-topic aws:sns/topic:Topic",
      "vercel-project vercel:index/project:Project",
      "vercel-domain vercel:index/projectDomain:ProjectDomain",
      "vercel-firewall vercel:index/firewallConfig:FirewallConfig",
      "vercel-hsts-route vercel:index/projectRoute:ProjectRoute",
      "vercel-env-CONVEX_DEPLOY_KEY vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
      "vercel-env-EMAILMATE_WEBHOOK_SIGNING_SECRET vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
    ]);
  });

  it("rotates the platform key and keeps the audit log 365 days encrypted with it", () => {
    expect(inputs(model, "key").enableKeyRotation).toBe(true);
    const g = inputs(model, "audit-log-group");
    expect([g.name, g.retentionInDays, g.kmsKeyId]).toEqual(["/emailmate/platform/audit", 365, { kind: "ref", role: "key", attr: "arn" }]);
    expect(inputs(model, "alerts-topic").kmsMasterKeyId).toEqual({ kind: "ref", role: "key", attr: "arn" });
  });

  it("serves emailmate.dev with the HSTS header exactly as the security page promises", () => {
    expect(inputs(model, "vercel-domain").domain).toBe("emailmate.dev");
    expect(inputs(model, "vercel-hsts-route").route).toEqual({ src: "/(.*)", headers: { "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload" } });
  });

  it("turns the firewall and every managed ruleset on", () => {
    const fw = inputs(model, "vercel-firewall");
    expect(fw.enabled).toBe(true);
    const rulesets = fw.managedRulesets as Record<string, unknown>;
    const owasp = rulesets.owasp as Record<string, { active: boolean }>;
    expect(Object.values(owasp).every((r) => r.active)).toBe(true);
    expect(rulesets.botProtection).toEqual({ active: true, action: "challenge" });
    expect(rulesets.aiBots).toEqual({ active: true, action: "deny" });
  });

  it("marks secret environment variables sensitive and takes their values from stack secrets", () => {
    const v = inputs(model, "vercel-env-CONVEX_DEPLOY_KEY");
    expect([v.key, v.sensitive, v.value, v.targets]).toEqual(["CONVEX_DEPLOY_KEY", true, { kind: "secret", key: "convexDeployKey" }, ["production", "preview"]]);
  });

  it("adds the Vercel team id to every Vercel resource when configured", () => {
    const m = platformModel({ region: "eu-west-1", domain: "emailmate.dev", vercelTeamId: "team_abc" }, env);
    const teams = m.children.filter((c) => c.type.startsWith("vercel:")).map((c) => c.inputs.teamId);
    expect(teams).toEqual(Array(6).fill("team_abc"));
  });
});
