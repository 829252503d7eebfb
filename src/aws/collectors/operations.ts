/**
 * Every AWS operation the live collectors send, one entry per SDK command. The read-only IAM policy is generated
 * from this list (`emailmate-ops live iam-policy`), and a test records the commands the collectors really send
 * and checks each is here. Add an operation here before a collector sends it.
 */
export const LIVE_SERVICES = ["kms", "logs", "sns", "sesv2", "sts"] as const;
export type LiveService = (typeof LIVE_SERVICES)[number];

/** The environment variable names, per service, that override its endpoint (the SDK's own names). */
export const ENDPOINT_ENV: Readonly<Record<LiveService, string>> = {
  kms: "AWS_ENDPOINT_URL_KMS",
  logs: "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS",
  sns: "AWS_ENDPOINT_URL_SNS",
  sesv2: "AWS_ENDPOINT_URL_SESV2",
  sts: "AWS_ENDPOINT_URL_STS",
};

export interface LiveOperation {
  readonly service: LiveService;
  /** The SDK command's name without `Command` (what the SDK reports as `commandName`, minus the suffix). */
  readonly operation: string;
  /** The IAM action that allows it; undefined when no permission is needed (sts:GetCallerIdentity). */
  readonly iamAction?: string;
}

export const LIVE_OPERATIONS: readonly LiveOperation[] = [
  { service: "kms", operation: "ListKeys", iamAction: "kms:ListKeys" },
  { service: "kms", operation: "ListAliases", iamAction: "kms:ListAliases" },
  { service: "kms", operation: "DescribeKey", iamAction: "kms:DescribeKey" },
  { service: "kms", operation: "ListResourceTags", iamAction: "kms:ListResourceTags" },
  { service: "kms", operation: "GetKeyPolicy", iamAction: "kms:GetKeyPolicy" },
  { service: "kms", operation: "GetKeyRotationStatus", iamAction: "kms:GetKeyRotationStatus" },
  { service: "logs", operation: "DescribeLogGroups", iamAction: "logs:DescribeLogGroups" },
  { service: "logs", operation: "ListTagsForResource", iamAction: "logs:ListTagsForResource" },
  { service: "sns", operation: "ListTopics", iamAction: "sns:ListTopics" },
  { service: "sns", operation: "GetTopicAttributes", iamAction: "sns:GetTopicAttributes" },
  { service: "sns", operation: "ListTagsForResource", iamAction: "sns:ListTagsForResource" },
  { service: "sesv2", operation: "ListConfigurationSets", iamAction: "ses:ListConfigurationSets" },
  { service: "sesv2", operation: "GetConfigurationSet", iamAction: "ses:GetConfigurationSet" },
  { service: "sesv2", operation: "ListTenants", iamAction: "ses:ListTenants" },
  { service: "sesv2", operation: "GetTenant", iamAction: "ses:GetTenant" },
  { service: "sesv2", operation: "ListTenantResources", iamAction: "ses:ListTenantResources" },
  { service: "sesv2", operation: "ListEmailIdentities", iamAction: "ses:ListEmailIdentities" },
  { service: "sesv2", operation: "GetEmailIdentity", iamAction: "ses:GetEmailIdentity" },
  { service: "sts", operation: "GetCallerIdentity" },
];
