import { resourceCheck } from "../../../types";

/** SNS topics (on-call alerts carry tenant names and metrics) are encrypted at rest with KMS. */
export const topicEnforceKms = resourceCheck({
  kind: "resource",
  id: "aws-sns-topic-enforce-kms",
  description: "SNS topics are encrypted at rest with a KMS key (kmsMasterKeyId).",
  severity: "medium",
  controls: ["CC6.1", "CC7.2"],
  equivalents: { checkov: ["CKV_AWS_26"], securityHub: ["SNS.1"], awsConfig: ["sns-encrypted-kms"] },
  remediation: "Set kmsMasterKeyId to a customer-managed KMS key ARN (or alias) whose policy lets the publishing services use it.",
  enforcementLevel: "mandatory",
  resourceTypes: ["aws:sns/topic:Topic"],
  validateResource({ props }, report) {
    const key: unknown = props.kmsMasterKeyId;
    if (typeof key === "string" && key.trim() !== "") return;
    report("topic has no kmsMasterKeyId; expected server-side encryption with a KMS key.");
  },
});
