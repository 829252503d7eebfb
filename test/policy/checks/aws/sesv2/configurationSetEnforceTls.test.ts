import { describe, expect, it } from "vitest";
import { configurationSetEnforceTls as check } from "../../../../../src/policy/checks/aws/sesv2/configurationSetEnforceTls";
import { UNKNOWN } from "../../../../../src/policy/values";
import { record, run, withProp } from "../../../support";

const V2 = "aws:sesv2/configurationSet:ConfigurationSet";
const valid = { configurationSetName: "tenant-acme", deliveryOptions: { tlsPolicy: "REQUIRE" }, reputationOptions: { reputationMetricsEnabled: true } };
const ses = (props: Record<string, unknown>, type = V2) => run(check, [record(type, "acme-configuration-set", props)]);
const HONEST = "SES cannot pin TLS 1.3 (it negotiates TLS 1.3 where the receiving server supports it): REQUIRE, which refuses delivery without TLS, is the strongest setting.";

describe("src/policy/checks/aws/sesv2/configurationSetEnforceTls", () => {
  it("passes a configuration set that requires TLS", () => {
    expect(ses(valid)).toMatchObject({ status: "pass", messages: [] });
  });

  it("fails OPTIONAL, saying honestly that SES cannot pin TLS 1.3", () => {
    expect(ses(withProp(valid, "deliveryOptions.tlsPolicy", "OPTIONAL"))).toMatchObject({
      status: "fail",
      messages: [`delivery TLS policy is "OPTIONAL"; expected REQUIRE. ${HONEST}`],
    });
  });

  it("fails an unset TLS policy (SES defaults to OPTIONAL)", () => {
    expect(ses(withProp(valid, "deliveryOptions", undefined))).toMatchObject({
      status: "fail",
      messages: [`delivery TLS policy is unset (SES then uses OPTIONAL); expected REQUIRE. ${HONEST}`],
    });
  });

  it("passes the v1 aws:ses configuration set with Require", () => {
    expect(ses({ name: "legacy", deliveryOptions: { tlsPolicy: "Require" } }, "aws:ses/configurationSet:ConfigurationSet")).toMatchObject({ status: "pass" });
  });

  it("fails the v1 aws:ses configuration set with Optional", () => {
    expect(ses({ name: "legacy", deliveryOptions: { tlsPolicy: "Optional" } }, "aws:ses/configurationSet:ConfigurationSet").messages).toEqual([
      `delivery TLS policy is "Optional"; expected Require. ${HONEST}`,
    ]);
  });

  it("is manual, not pass, when the policy is unknown during preview", () => {
    expect(ses(withProp(valid, "deliveryOptions.tlsPolicy", UNKNOWN))).toMatchObject({
      status: "manual",
      messages: ["cannot check: value at .deliveryOptions.tlsPolicy is unknown until the update runs (preview); check it after deployment"],
    });
  });
});
