import { beforeAll, describe, expect, it } from "vitest";
import type { ResourceRecord } from "../../src/core/resource";
import { compareSources } from "../../src/live/drift";
import { planStack } from "../../src/plan";
import { ALL_CHECKS } from "../../src/policy/checks";
import { fromPlan } from "../../src/policy/sources/plan";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

describe("src/live/drift", () => {
  let plan: ResourceRecord[];
  beforeAll(async () => {
    plan = [...fromPlan(await planStack({ cwd: process.cwd(), stack: "dev" })).records];
  });
  const compare = (live: readonly ResourceRecord[], complete = true) =>
    compareSources({ declared: { label: "plan", records: plan }, live: { label: "account", records: live }, regions: ["eu-west-1"], complete: () => complete, defaultRegion: "eu-west-1", checks: ALL_CHECKS });

  it("compares exactly the properties the checks read, per type", () => {
    const { properties } = compare(plan);
    expect([properties[LOG_GROUP], properties["aws:sns/topic:Topic"], properties["aws:sesv2/configurationSet:ConfigurationSet"]]).toEqual([
      ["kmsKeyId", "retentionInDays", "tags.tenant"],
      ["kmsMasterKeyId", "tags.tenant"],
      ["arn", "configurationSetName", "deliveryOptions.tlsPolicy", "tags.tenant"],
    ]);
  });

  it("finds nothing when the account is the plan, and only in the regions read", () => {
    const r = compare(plan);
    expect([r.findings, r.compared]).toEqual([[], plan.filter((x) => x.props.region === "eu-west-1" && !/metricAlarm|EventDestination|vercel|emailmate:/.test(x.type)).length]);
  });

  it("does not compare a property no check reads (a log group's description-like extras)", () => {
    const live = plan.map((r) => (r.type === LOG_GROUP ? { ...r, props: { ...r.props, logGroupClass: "INFREQUENT_ACCESS" } } : r));
    expect(compare(live).findings).toEqual([]);
  });

  it("calls nothing missing where the live listing was incomplete, and says what was skipped", () => {
    const r = compare([], false);
    expect([r.findings, r.skipped]).toEqual([[], ["Alias in eu-west-1", "ConfigurationSet in eu-west-1", "EmailIdentity in eu-west-1", "Key in eu-west-1", "LogGroup in eu-west-1", "Tenant in eu-west-1", "TenantResourceAssociation in eu-west-1", "Topic in eu-west-1"]]);
  });

  it("a changed tag the missing-tag check reads is property drift, with that check's severity", () => {
    const live = plan.map((r) => (r.props.name === "/emailmate/tenants/acme/audit" ? { ...r, props: { ...r.props, tags: { ...(r.props.tags as object), tenant: "globex" } } } : r));
    const f = compare(live).findings;
    expect(f.map((x) => [x.policy, x.severity, x.tenant, x.message])).toEqual([
      ["drift-property", "low", "acme", "LogGroup /emailmate/tenants/acme/audit: tags.tenant is acme in the plan, globex in the account (read by emailmate-tenant-missing-tag)."],
    ]);
  });
});
