import { GetTopicAttributesCommand, ListTagsForResourceCommand, ListTopicsCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { LiveScope } from "./scope";
import { collectionError, isGone, mapLimit, tagMap, type ItemResult } from "./support";
import type { CollectionError, LiveTopic } from "./types";

export interface SnsCollection {
  readonly topics: LiveTopic[];
  readonly errors: CollectionError[];
  readonly complete: boolean;
}

/** SNS: ListTopics (every page, by NextToken), then for the scope's topics GetTopicAttributes and ListTagsForResource. */
export async function collectSns(client: SNSClient, scope: LiveScope, region: string): Promise<SnsCollection> {
  const arns: string[] = [];
  try {
    let token: string | undefined;
    do {
      const out = await client.send(new ListTopicsCommand({ NextToken: token }));
      for (const t of out.Topics ?? []) if (t.TopicArn) arns.push(t.TopicArn);
      token = out.NextToken;
    } while (token !== undefined && token !== "");
  } catch (err) {
    return { topics: [], errors: [collectionError("sns", "ListTopics", err, region)], complete: false };
  }
  const ours = arns.filter((arn) => topicName(arn).startsWith(scope.topicPrefix));
  const results = await mapLimit(ours, 4, async (arn): Promise<ItemResult<LiveTopic>> => {
    let op = "GetTopicAttributes";
    try {
      const attrs = (await client.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes ?? {};
      op = "ListTagsForResource";
      const tags = tagMap((await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags);
      const key = attrs.KmsMasterKeyId;
      return { ok: { arn, name: topicName(arn), ...(key ? { kmsMasterKeyId: key } : {}), tags } };
    } catch (err) {
      if (isGone(err)) return { gone: true };
      return { error: collectionError("sns", op, err, region, topicName(arn)) };
    }
  });
  const topics: LiveTopic[] = [];
  const errors: CollectionError[] = [];
  for (const r of results) {
    if ("ok" in r) topics.push(r.ok);
    else if ("error" in r) errors.push(r.error);
  }
  return { topics, errors, complete: true };
}

const topicName = (arn: string) => arn.slice(arn.lastIndexOf(":") + 1);
