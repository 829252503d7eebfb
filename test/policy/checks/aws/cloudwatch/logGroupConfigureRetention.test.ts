import { describe, expect, it } from "vitest";
import { logGroupConfigureRetention as check } from "../../../../../src/policy/checks/aws/cloudwatch/logGroupConfigureRetention";
import { record, run, withProp } from "../../../support";

const valid = { name: "/emailmate/tenants/acme/audit", retentionInDays: 365, kmsKeyId: "arn:aws:kms:eu-west-1:111111111111:key/k" };
const group = (props: Record<string, unknown>, config?: Record<string, unknown>) =>
  run(check, [record("aws:cloudwatch/logGroup:LogGroup", "acme-audit-log-group", props)], config);

describe("src/policy/checks/aws/cloudwatch/logGroupConfigureRetention", () => {
  it("passes one year", () => {
    expect(group(valid)).toMatchObject({ status: "pass", messages: [] });
  });

  it("passes seven years", () => {
    expect(group(withProp(valid, "retentionInDays", 2557)).status).toBe("pass");
  });

  it("fails never-expire (unset), stricter than Checkov, Prowler and AWS Config", () => {
    expect(group(withProp(valid, "retentionInDays", undefined)).messages).toEqual([
      "retention is never-expire (retentionInDays unset); expected at least 365 days. Keeping logs forever breaks the one-year promise and GDPR storage limitation.",
    ]);
  });

  it("fails never-expire (0)", () => {
    expect(group(withProp(valid, "retentionInDays", 0)).messages).toEqual([
      "retention is never-expire (retentionInDays 0); expected at least 365 days. Keeping logs forever breaks the one-year promise and GDPR storage limitation.",
    ]);
  });

  it("fails a value CloudWatch does not accept", () => {
    expect(group(withProp(valid, "retentionInDays", 366)).messages).toEqual([
      "retentionInDays 366 is not a CloudWatch Logs retention value; expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.",
    ]);
  });

  it("fails less than the default minimum", () => {
    expect(group(withProp(valid, "retentionInDays", 180)).messages).toEqual(["retention is 180 days; expected at least 365 days."]);
  });

  it("uses the configured minimum", () => {
    expect(group(valid, { "aws-cloudwatch-log-group-configure-retention": { minimumRetentionDays: 731 } }).messages).toEqual([
      "retention is 365 days; expected at least 731 days.",
    ]);
  });

  it("rejects config that breaks the schema", () => {
    expect(() => group(valid, { "aws-cloudwatch-log-group-configure-retention": { minimumRetentionDays: "a year" } })).toThrow(
      'invalid policy config:\n  config "aws-cloudwatch-log-group-configure-retention.minimumRetentionDays": Invalid input: expected number, received string',
    );
  });
});
