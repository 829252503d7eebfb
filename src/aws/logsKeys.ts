import { AssociateKmsKeyCommand, CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { withDeadline, type CallOptions } from "./callOptions";
import type { AwsClientConfig } from "./config";
import { awsError } from "./errors";

/**
 * Which KMS key encrypts what a log group ingests from now on. AssociateKmsKey moves only new ingestion (earlier
 * events keep their key, which Logs needs whenever they are read) and takes up to 5 minutes to take effect.
 */
export interface LogGroupKeys {
  /** AssociateKmsKey (idempotent: associating the same key again changes nothing). `keyArn` must be a key ARN. */
  associate(group: string, keyArn: string, options?: CallOptions): Promise<void>;
  /** DescribeLogGroups (exact name): the group's kmsKeyId, or undefined when it has none; throws E_AWS_NOT_FOUND when the group is missing. */
  keyOf(group: string, options?: CallOptions): Promise<string | undefined>;
}

export class LogGroupKeysAdapter implements LogGroupKeys {
  private readonly client: CloudWatchLogsClient;

  constructor(config: AwsClientConfig | CloudWatchLogsClient) {
    this.client = config instanceof CloudWatchLogsClient ? config : new CloudWatchLogsClient(config);
  }

  async associate(group: string, keyArn: string, options?: CallOptions): Promise<void> {
    try {
      await withDeadline(options, (o) => this.client.send(new AssociateKmsKeyCommand({ logGroupName: group, kmsKeyId: keyArn }), o));
    } catch (err) {
      throw awsError("CloudWatch Logs", "AssociateKmsKey", err);
    }
  }

  async keyOf(group: string, options?: CallOptions): Promise<string | undefined> {
    let out;
    try {
      out = await withDeadline(options, (o) => this.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }), o));
    } catch (err) {
      throw awsError("CloudWatch Logs", "DescribeLogGroups", err);
    }
    const found = (out.logGroups ?? []).find((g) => g.logGroupName === group);
    if (found === undefined) {
      throw awsError("CloudWatch Logs", "DescribeLogGroups", Object.assign(new Error(`log group ${group} does not exist`), { name: "ResourceNotFoundException" }));
    }
    return found.kmsKeyId ?? undefined;
  }

  destroy(): void {
    this.client.destroy();
  }
}
