import { describe, expect, it } from "vitest";
import { stackSettings } from "../../src/infra/settings";

const base = { "aws:region": "eu-west-1", "emailmate-ops:accountId": "123456789012" };

describe("infra/settings stackSettings", () => {
  it("fills the defaults: one shard, shard 0 holds the platform, tenants folder, emailmate.dev", () => {
    expect(stackSettings(base)).toEqual({
      problems: [],
      settings: {
        region: "eu-west-1",
        env: { accountId: "123456789012", partition: "aws" },
        platformDomain: "emailmate.dev",
        tenantsDir: "tenants",
        tenantShards: 1,
        tenantShard: 0,
        platform: true,
      },
    });
  });

  it("reads shard numbers given as strings (as pulumi config stores them) and leaves the platform to shard 0", () => {
    const { settings } = stackSettings({ ...base, "emailmate-ops:tenantShards": "4", "emailmate-ops:tenantShard": "2" });
    expect([settings?.tenantShards, settings?.tenantShard, settings?.platform]).toEqual([4, 2, false]);
  });

  it("lets a stack opt out of the platform explicitly", () => {
    expect(stackSettings({ ...base, "emailmate-ops:platform": "false" }).settings?.platform).toBe(false);
  });

  it("refuses a shard outside 0..N-1", () => {
    expect(stackSettings({ ...base, "emailmate-ops:tenantShards": "2", "emailmate-ops:tenantShard": "2" }).problems).toEqual([
      { path: "emailmate-ops:tenantShard", message: "expected tenantShard between 0 and 1, got 2" },
    ]);
  });

  it("refuses zero shards", () => {
    expect(stackSettings({ ...base, "emailmate-ops:tenantShards": "0" }).problems).toEqual([{ path: "emailmate-ops:tenantShards", message: "expected tenantShards ≥ 1, got 0" }]);
  });

  it("names the missing region and account id instead of 'Invalid input'", () => {
    expect(stackSettings({}).problems).toEqual([
      { path: "aws:region", message: "missing aws:region; expected the stack's AWS region (`pulumi config set aws:region eu-west-1`)" },
      {
        path: "emailmate-ops:accountId",
        message: "missing emailmate-ops:accountId; expected the 12-digit AWS account id the stack deploys to (`pulumi config set emailmate-ops:accountId 123456789012`)",
      },
    ]);
  });

  it("requires a 12-digit account id", () => {
    expect(stackSettings({ "aws:region": "eu-west-1", "emailmate-ops:accountId": "1234" }).problems).toEqual([
      { path: "emailmate-ops:accountId", message: 'expected a 12-digit AWS account id (quoted), got "1234"' },
    ]);
  });
});
