import { GetTopicAttributesCommand, SetTopicAttributesCommand, SNSClient } from "@aws-sdk/client-sns";
import { withDeadline, type CallOptions } from "./callOptions";
import type { AwsClientConfig } from "./config";
import { awsError } from "./errors";

/** Which KMS key encrypts an SNS topic's messages (SetTopicAttributes / GetTopicAttributes KmsMasterKeyId). */
export interface TopicKeys {
  /** SetTopicAttributes KmsMasterKeyId (idempotent). */
  setKey(topicArn: string, keyId: string, options?: CallOptions): Promise<void>;
  /** GetTopicAttributes: the topic's KmsMasterKeyId, or undefined when unencrypted. */
  keyOf(topicArn: string, options?: CallOptions): Promise<string | undefined>;
}

export class SnsTopicKeysAdapter implements TopicKeys {
  private readonly client: SNSClient;

  constructor(config: AwsClientConfig | SNSClient) {
    this.client = config instanceof SNSClient ? config : new SNSClient(config);
  }

  async setKey(topicArn: string, keyId: string, options?: CallOptions): Promise<void> {
    try {
      await withDeadline(options, (o) => this.client.send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: "KmsMasterKeyId", AttributeValue: keyId }), o));
    } catch (err) {
      throw awsError("SNS", "SetTopicAttributes", err);
    }
  }

  async keyOf(topicArn: string, options?: CallOptions): Promise<string | undefined> {
    try {
      const out = await withDeadline(options, (o) => this.client.send(new GetTopicAttributesCommand({ TopicArn: topicArn }), o));
      const key = out.Attributes?.KmsMasterKeyId;
      return key === undefined || key === "" ? undefined : key;
    } catch (err) {
      throw awsError("SNS", "GetTopicAttributes", err);
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
