import { describe, expect, it } from "vitest";
import { logGroupEnforceKms as check } from "../../../../../src/policy/checks/aws/cloudwatch/logGroupEnforceKms";
import { UNKNOWN } from "../../../../../src/policy/values";
import { record, run, withProp } from "../../../support";

const valid = { name: "/emailmate/tenants/acme/audit", retentionInDays: 365, kmsKeyId: "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab" };
const group = (props: Record<string, unknown>) => run(check, [record("aws:cloudwatch/logGroup:LogGroup", "acme-audit-log-group", props)]);

describe("src/policy/checks/aws/cloudwatch/logGroupEnforceKms", () => {
  it("passes a customer key ARN", () => {
    expect(group(valid)).toMatchObject({ status: "pass", messages: [] });
  });

  it("fails a log group without a key", () => {
    expect(group(withProp(valid, "kmsKeyId", undefined)).messages).toEqual(["log group has no kmsKeyId; expected encryption with a customer-managed KMS key."]);
  });

  it("fails an alias, which CloudWatch Logs does not accept", () => {
    expect(group(withProp(valid, "kmsKeyId", "alias/emailmate/tenant/acme")).messages).toEqual([
      'kmsKeyId is "alias/emailmate/tenant/acme"; expected a KMS key ARN (CloudWatch Logs accepts key ARNs only, not ids or aliases).',
    ]);
  });

  it("is manual while the key ARN is unknown (preview of a new key)", () => {
    expect(group(withProp(valid, "kmsKeyId", UNKNOWN)).status).toBe("manual");
  });
});
