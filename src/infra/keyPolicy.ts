import { arns, type AccountEnv } from "./arns";

/**
 * What a KMS key serves: its log groups and the alarms that publish to its encrypted topic. (SES makes no KMS call
 * with these keys: configuration sets, identities and event destinations are not encrypted with them, so SES gets
 * no statement.)
 */
export interface KeyPolicyScope {
  readonly region: string;
  readonly logGroups: readonly string[];
  /** ARNs of the CloudWatch alarms that notify the key's encrypted SNS topic; omitted statement when empty. */
  readonly alarmArns: readonly string[];
}

const DATA_KEY_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey*"];

/** A service may use the key's data keys only from this account and for the named resources; none when there are none. */
function serviceFromSources(env: AccountEnv, sid: string, service: string, sourceArns: readonly string[]): Record<string, unknown>[] {
  if (sourceArns.length === 0) return [];
  return [
    {
      Sid: sid,
      Effect: "Allow",
      Principal: { Service: service },
      Action: DATA_KEY_ACTIONS,
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": env.accountId },
        ArnLike: { "aws:SourceArn": [...sourceArns] },
      },
    },
  ];
}

/**
 * A key policy with no wildcard principal: the account administers the key (the AWS default statement, so IAM
 * policies in the account can grant use); CloudWatch Logs of the key's region may use it only for the named log
 * groups (encryption context); CloudWatch alarms only from this account and for the named alarms.
 */
export function keyPolicy(env: AccountEnv, scope: KeyPolicyScope): string {
  const statements: Record<string, unknown>[] = [
    {
      Sid: "AccountAdministration",
      Effect: "Allow",
      Principal: { AWS: arns.accountRoot(env) },
      Action: "kms:*",
      Resource: "*",
    },
    {
      Sid: "CloudWatchLogsForTheseLogGroups",
      Effect: "Allow",
      Principal: { Service: `logs.${scope.region}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: {
        ArnEquals: { "kms:EncryptionContext:aws:logs:arn": scope.logGroups.map((g) => arns.logGroup(env, scope.region, g)) },
      },
    },
  ];
  statements.push(...serviceFromSources(env, "CloudWatchAlarmsToEncryptedTopic", "cloudwatch.amazonaws.com", scope.alarmArns));
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** What the account may still do with a retired key: manage it (never use it). Keeps PutKeyPolicy (KMS's lockout check). */
export const RETIRED_KEY_ADMIN_ACTIONS = [
  "kms:Describe*",
  "kms:Get*",
  "kms:List*",
  "kms:PutKeyPolicy",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:EnableKeyRotation",
  "kms:DisableKeyRotation",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
] as const;

/**
 * The policy of a retired (replaced) key: only what reading retained logs needs. CloudWatch Logs of the key's
 * region may decrypt for the named log groups (events ingested before the replacement keep this key, and Logs needs
 * it whenever they are read); the account may administer the key but not encrypt, decrypt, grant or disable-and-
 * enable it for use; no other principal, no grants. The key stays enabled: disabling it would make those logs
 * unreadable. Schedule its deletion only after the last event it encrypted has expired (see docs/incidents.md).
 */
export function retiredKeyPolicy(env: AccountEnv, scope: Pick<KeyPolicyScope, "region" | "logGroups">): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "AccountAdministrationOnly", Effect: "Allow", Principal: { AWS: arns.accountRoot(env) }, Action: [...RETIRED_KEY_ADMIN_ACTIONS], Resource: "*" },
      {
        Sid: "CloudWatchLogsReadRetainedEvents",
        Effect: "Allow",
        Principal: { Service: `logs.${scope.region}.amazonaws.com` },
        Action: ["kms:Decrypt*", "kms:Describe*"],
        Resource: "*",
        Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": scope.logGroups.map((g) => arns.logGroup(env, scope.region, g)) } },
      },
    ],
  });
}
