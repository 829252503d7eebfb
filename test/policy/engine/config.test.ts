import { describe, expect, it } from "vitest";
import { logGroupConfigureRetention } from "../../../src/policy/checks/aws/cloudwatch/logGroupConfigureRetention";
import { topicEnforceKms } from "../../../src/policy/checks/aws/sns/topicEnforceKms";
import { configJsonSchema, resolvePolicies } from "../../../src/policy/engine/config";

describe("src/policy/engine/config", () => {
  it("publishes a check's config as Pulumi's configSchema, defaults included", () => {
    expect(configJsonSchema(logGroupConfigureRetention)).toEqual({
      properties: {
        minimumRetentionDays: { type: "integer", minimum: 1, maximum: 3653, default: 365, description: "shortest retention allowed, in days (the security page promises one year)" },
      },
    });
  });

  it("has no schema for a check without config", () => {
    expect(configJsonSchema(topicEnforceKms)).toBeUndefined();
  });

  it("lets a policy's own level win over `all`", () => {
    const [retention, topic] = resolvePolicies([logGroupConfigureRetention, topicEnforceKms], undefined, { all: "advisory", "aws-sns-topic-enforce-kms": "disabled" });
    expect([retention?.enforcementLevel, topic?.enforcementLevel, retention?.config]).toEqual(["advisory", "disabled", { minimumRetentionDays: 365 }]);
  });

  it("rejects unknown config properties", () => {
    expect(() => resolvePolicies([logGroupConfigureRetention], undefined, { "aws-cloudwatch-log-group-configure-retention": { minimumDays: 400 } })).toThrow(
      'config "aws-cloudwatch-log-group-configure-retention": Unrecognized key: "minimumDays"',
    );
  });
});
