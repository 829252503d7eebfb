import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/config/diagnostics";
import { partitionOfRegion, platformDomainRule, stackPartitionRule, tenantPartitionRule, type StackForRules } from "../../src/infra/stackRules";
import { stackSettings } from "../../src/infra/settings";
import { validateTenantSources } from "../../src/tenants";
import { ACME_TENANT } from "../support/fixtures";

function stack(name: string, config: Record<string, string>): StackForRules {
  const { settings, problems } = stackSettings({ "aws:region": "eu-west-1", "emailmate-ops:accountId": "111111111111", ...config });
  if (settings === undefined) throw new Error(JSON.stringify(problems));
  const lines: Record<string, number> = { "aws:region": 2, "emailmate-ops:platformDomain": 4 };
  return { stack: name, file: `Pulumi.${name}.yaml`, settings, at: (key) => ({ line: lines[key] ?? 1, col: 3 }) };
}

describe("infra/stackRules partitionOfRegion", () => {
  it.each([
    ["eu-west-1", "aws"],
    ["us-east-1", "aws"],
    ["us-gov-west-1", "aws-us-gov"],
    ["cn-north-1", "aws-cn"],
    ["us-iso-east-1", "aws-iso"],
    ["us-isob-east-1", "aws-iso-b"],
  ])("%s is in %s", (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });
});

describe("infra/stackRules tenantPartitionRule", () => {
  const gov = validateTenantSources([{ file: "tenants/acme.yaml", bytes: Buffer.from(ACME_TENANT.replace("region: eu-west-1", "region: us-gov-west-1")) }]).tenants;

  it("refuses a us-gov-* tenant in an aws stack, located at the tenant's region", () => {
    expect(tenantPartitionRule(stack("prod", {}), gov).map(formatDiagnostic)).toEqual([
      "tenants/acme.yaml:4:9: E_VALUE region: region us-gov-west-1 is in partition aws-us-gov, but stack prod (Pulumi.prod.yaml) deploys to partition aws; expected a region of partition aws, or a stack of partition aws-us-gov for this tenant",
    ]);
  });

  it("accepts it in an aws-us-gov stack, and only judges the tenants of the stack's shard", () => {
    expect(tenantPartitionRule(stack("gov", { "aws:region": "us-gov-west-1", "emailmate-ops:partition": "aws-us-gov" }), gov)).toEqual([]);
    // acme's shard of 2 is not shard 1 and 0 at once: exactly one of the two stacks judges it
    const judged = [0, 1].map((k) => tenantPartitionRule(stack(`prod-${k}`, { "emailmate-ops:tenantShards": "2", "emailmate-ops:tenantShard": String(k) }), gov).length);
    expect(judged.sort()).toEqual([0, 1]);
  });
});

describe("infra/stackRules stackPartitionRule", () => {
  it("refuses a stack region outside the stack's partition", () => {
    expect(stackPartitionRule(stack("gov", { "aws:region": "us-gov-west-1" })).map(formatDiagnostic)).toEqual([
      "Pulumi.gov.yaml:2:3: E_VALUE config.aws:region: region us-gov-west-1 is in partition aws-us-gov, but the stack's emailmate-ops:partition is aws; expected a region of partition aws (or set emailmate-ops:partition: aws-us-gov)",
    ]);
  });
});

describe("infra/stackRules platformDomainRule", () => {
  it("refuses two platform stacks claiming the same domain, at the later file, naming the first", () => {
    expect(platformDomainRule([stack("prod", { "emailmate-ops:platform": "true" }), stack("dev", {})]).map(formatDiagnostic)).toEqual([
      "Pulumi.prod.yaml:4:3: E_DUPLICATE_DOMAIN config.emailmate-ops:platformDomain: platform domain emailmate.dev is already claimed by stack dev (Pulumi.dev.yaml:4:3); expected each stack holding the platform to serve its own domain (e.g. prod.emailmate.dev)",
    ]);
  });

  it("accepts distinct domains, and stacks without the platform", () => {
    expect(platformDomainRule([stack("prod", {}), stack("dev", { "emailmate-ops:platformDomain": "dev.emailmate.dev" })])).toEqual([]);
    expect(platformDomainRule([stack("prod-0", {}), stack("prod-1", { "emailmate-ops:tenantShards": "2", "emailmate-ops:tenantShard": "1" })])).toEqual([]);
  });
});
