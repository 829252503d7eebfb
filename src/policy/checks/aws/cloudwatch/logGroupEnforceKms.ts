import { resourceCheck } from "../../../types";

const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** Log groups are encrypted with a customer KMS key (not only CloudWatch's service-owned encryption). */
export const logGroupEnforceKms = resourceCheck({
  kind: "resource",
  id: "aws-cloudwatch-log-group-enforce-kms",
  description: "CloudWatch log groups are encrypted with a customer-managed KMS key.",
  severity: "high",
  controls: ["CC6.1", "CC7.2"],
  equivalents: { checkov: ["CKV_AWS_158"], awsConfig: ["cloudwatch-log-group-encrypted"] },
  remediation: "Set kmsKeyId to the ARN of a customer-managed KMS key whose policy lets logs.<region>.amazonaws.com use it.",
  enforcementLevel: "mandatory",
  resourceTypes: ["aws:cloudwatch/logGroup:LogGroup"],
  validateResource({ props }, report) {
    const key: unknown = props.kmsKeyId;
    if (typeof key !== "string" || key === "") {
      report("log group has no kmsKeyId; expected encryption with a customer-managed KMS key.");
      return;
    }
    if (!KEY_ARN.test(key)) report(`kmsKeyId is "${key}"; expected a KMS key ARN (CloudWatch Logs accepts key ARNs only, not ids or aliases).`);
  },
});
