import { arns, type AccountEnv } from "./arns";

/** What a KMS key serves: its log groups, the SES resources and the alarms that publish to its encrypted topic. */
export interface KeyPolicyScope {
  readonly region: string;
  readonly logGroups: readonly string[];
  /** ARNs SES may use the key for (configuration set, identities); omitted statement when empty. */
  readonly sesSourceArns: readonly string[];
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
 * groups (encryption context); SES and CloudWatch alarms only from this account and for the named resources.
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
  statements.push(
    ...serviceFromSources(env, "SesForThisTenant", "ses.amazonaws.com", scope.sesSourceArns),
    ...serviceFromSources(env, "CloudWatchAlarmsToEncryptedTopic", "cloudwatch.amazonaws.com", scope.alarmArns),
  );
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
