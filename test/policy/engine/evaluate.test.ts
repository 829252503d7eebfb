import { describe, expect, it } from "vitest";
import { evaluate } from "../../../src/policy/engine/evaluate";
import { logGroupConfigureRetention } from "../../../src/policy/checks/aws/cloudwatch/logGroupConfigureRetention";
import { configurationSetEnforceTls } from "../../../src/policy/checks/aws/sesv2/configurationSetEnforceTls";
import { missingTag } from "../../../src/policy/checks/emailmate/tenant/missingTag";
import { resourceCheck, stackCheck } from "../../../src/policy/types";
import { CLOCK, record } from "../support";
import { tenantRecords } from "../fixtures";

const SET = "aws:sesv2/configurationSet:ConfigurationSet";
const optional = record(SET, "acme-configuration-set", { deliveryOptions: { tlsPolicy: "OPTIONAL" } }, { tenant: "acme" });
const required = record(SET, "globex-configuration-set", { deliveryOptions: { tlsPolicy: "REQUIRE" } }, { tenant: "globex" });
const checks = [configurationSetEnforceTls];

describe("src/policy/engine/evaluate", () => {
  it("returns one finding per resource the check applies to, with the check's metadata", () => {
    const ev = evaluate([optional, required, record("aws:kms/key:Key", "k", {})], { checks, clock: CLOCK });
    expect(ev.findings.map((f) => [f.name, f.status, f.enforcement, f.severity, f.tenant, f.controls])).toEqual([
      ["acme-configuration-set", "fail", "mandatory", "high", "acme", ["CC6.7"]],
      ["globex-configuration-set", "pass", "mandatory", "high", "globex", ["CC6.7"]],
    ]);
    expect(ev.summary).toEqual({ resources: 3, checks: 1, pass: 1, fail: 1, manual: 0, suppressed: 0, error: 0 });
    expect(ev.mandatoryFailed).toBe(true);
  });

  it("takes the level from policy config over the policy's own", () => {
    const ev = evaluate([optional], { checks, clock: CLOCK, config: { "aws-sesv2-configuration-set-enforce-tls": "advisory" } });
    expect([ev.findings[0]?.enforcement, ev.mandatoryFailed]).toEqual(["advisory", false]);
  });

  it("takes the level from an object config's enforcementLevel", () => {
    const ev = evaluate([optional], { checks, clock: CLOCK, config: { "aws-sesv2-configuration-set-enforce-tls": { enforcementLevel: "advisory" } } });
    expect(ev.findings[0]?.enforcement).toBe("advisory");
  });

  it("falls back to the pack's level, then advisory, for a check without its own", () => {
    const bare = { ...configurationSetEnforceTls, enforcementLevel: undefined as never };
    expect(evaluate([optional], { checks: [bare], clock: CLOCK, packEnforcementLevel: "mandatory" }).findings[0]?.enforcement).toBe("mandatory");
    expect(evaluate([optional], { checks: [bare], clock: CLOCK }).findings[0]?.enforcement).toBe("advisory");
  });

  it("reports remediate as mandatory", () => {
    const ev = evaluate([optional], { checks, clock: CLOCK, config: { "aws-sesv2-configuration-set-enforce-tls": "remediate" } });
    expect(ev.findings[0]?.enforcement).toBe("mandatory");
  });

  it("skips disabled checks entirely", () => {
    const ev = evaluate([optional], { checks, clock: CLOCK, config: { all: "disabled" } });
    expect([ev.findings, ev.summary.checks]).toEqual([[], 0]);
  });

  it("refuses config for an unknown policy and a bad level, listing both", () => {
    expect(() => evaluate([optional], { checks, clock: CLOCK, config: { "aws-made-up": "advisory", "aws-sesv2-configuration-set-enforce-tls": "strict" } })).toThrow(
      'invalid policy config:\n  config names unknown policy "aws-made-up"\n  config "aws-sesv2-configuration-set-enforce-tls": expected one of advisory, mandatory, remediate, disabled, got "strict"',
    );
  });

  it("refuses properties for a policy that takes none", () => {
    expect(() => evaluate([optional], { checks, clock: CLOCK, config: { "aws-sesv2-configuration-set-enforce-tls": { minimumRetentionDays: 1 } } })).toThrow(
      'config "aws-sesv2-configuration-set-enforce-tls": the policy takes no properties, got minimumRetentionDays',
    );
  });

  it("applies config defaults when none is given", () => {
    const ev = evaluate([record("aws:cloudwatch/logGroup:LogGroup", "g", { retentionInDays: 180 })], { checks: [logGroupConfigureRetention], clock: CLOCK });
    expect(ev.findings[0]?.message).toBe("retention is 180 days; expected at least 365 days.");
  });

  it("gives stack checks outputs, not inputs", () => {
    const seen: unknown[] = [];
    const probe = stackCheck({ ...missingTag, id: "emailmate-test-probe", validateStack: ({ resources }) => void seen.push(resources[0]?.props.arn) });
    evaluate([record("aws:sns/topic:Topic", "t", { name: "t" }, { outputs: { name: "t", arn: "arn:aws:sns:eu-west-1:1:t" } })], { checks: [probe], clock: CLOCK });
    expect(seen).toEqual(["arn:aws:sns:eu-west-1:1:t"]);
  });

  it("attributes stack-check violations to the resource they name", () => {
    const records = tenantRecords("acme").map((r) => (r.name === "acme-key" ? { ...r, props: { ...r.props, tags: {} }, outputs: { ...r.outputs, tags: {} } } : r));
    const f = evaluate(records, { checks: [missingTag], clock: CLOCK }).findings;
    expect(f.map((x) => [x.status, x.name, x.type, x.tenant])).toEqual([["fail", "acme-key", "aws:kms/key:Key", "acme"]]);
  });

  it("reports a passing stack check once, on the stack", () => {
    const f = evaluate(tenantRecords("acme"), { checks: [missingTag], clock: CLOCK }).findings;
    expect(f).toEqual([
      {
        policy: "emailmate-tenant-missing-tag",
        status: "pass",
        enforcement: "mandatory",
        severity: "low",
        urn: "urn:pulumi:dev::emailmate-ops::pulumi:pulumi:Stack::emailmate-ops-dev",
        type: "pulumi:pulumi:Stack",
        name: "emailmate-ops-dev",
        message: "compliant",
        controls: ["CC6.1", "CC8.1"],
      },
    ]);
  });

  it("keeps violations reported before an unknown value was read, and adds the manual finding", () => {
    const partial = resourceCheck({
      ...configurationSetEnforceTls,
      id: "aws-test-partial",
      validateResource: ({ props }, report) => {
        report("first problem");
        void props.deliveryOptions.tlsPolicy;
      },
    });
    const f = evaluate([record(SET, "s", { deliveryOptions: { tlsPolicy: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } })], { checks: [partial], clock: CLOCK }).findings;
    expect(f.map((x) => [x.status, x.message])).toEqual([
      ["fail", "first problem"],
      ["manual", "cannot check: value at .deliveryOptions.tlsPolicy is unknown until the update runs (preview); check it after deployment"],
    ]);
  });

  it("turns a check that throws into an error naming the policy and resource", () => {
    const broken = resourceCheck({ ...configurationSetEnforceTls, id: "aws-test-broken", validateResource: () => { throw new Error("boom"); } });
    expect(() => evaluate([required], { checks: [broken], clock: CLOCK })).toThrow(
      "policy aws-test-broken failed on urn:pulumi:dev::emailmate-ops::aws:sesv2/configurationSet:ConfigurationSet::globex-configuration-set: boom",
    );
  });

  it("does not hand the stack and provider resources to checks as resources", () => {
    const ev = evaluate(
      [record("pulumi:pulumi:Stack", "emailmate-ops-dev", {}), record("pulumi:providers:aws", "default", {}), required],
      { checks, clock: CLOCK },
    );
    expect(ev.summary.resources).toBe(1);
  });
});
