import { DescribeLogGroupsCommand, ListTagsForResourceCommand, type CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { LiveScope } from "./scope";
import { collectionError, isGone, mapLimit, type ItemResult } from "./support";
import type { CollectionError, LiveLogGroup } from "./types";

export interface LogsCollection {
  readonly logGroups: LiveLogGroup[];
  readonly errors: CollectionError[];
  readonly complete: boolean;
}

/**
 * CloudWatch Logs: DescribeLogGroups under the scope's name prefix (every page, by nextToken), then
 * ListTagsForResource per group. That call takes the log group ARN *without* the trailing `:*` that
 * DescribeLogGroups' `arn` carries (InvalidParameterException otherwise); `logGroupArn` is that form.
 */
export async function collectLogs(client: CloudWatchLogsClient, scope: LiveScope, region: string, pageSize?: number): Promise<LogsCollection> {
  const groups: { name: string; arn: string; retentionInDays?: number; kmsKeyId?: string }[] = [];
  try {
    let token: string | undefined;
    do {
      const out = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: scope.logGroupPrefix, nextToken: token, ...(pageSize ? { limit: pageSize } : {}) }));
      for (const g of out.logGroups ?? []) {
        if (!g.logGroupName) continue;
        const arn = g.logGroupArn ?? (g.arn ?? "").replace(/:\*$/, "");
        groups.push({
          name: g.logGroupName,
          arn,
          ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
          ...(g.kmsKeyId ? { kmsKeyId: g.kmsKeyId } : {}),
        });
      }
      token = out.nextToken;
    } while (token !== undefined && token !== "");
  } catch (err) {
    return { logGroups: [], errors: [collectionError("logs", "DescribeLogGroups", err, region)], complete: false };
  }
  const results = await mapLimit(groups, 4, async (g): Promise<ItemResult<LiveLogGroup>> => {
    try {
      const out = await client.send(new ListTagsForResourceCommand({ resourceArn: g.arn }));
      return { ok: { ...g, tags: { ...(out.tags ?? {}) } } };
    } catch (err) {
      if (isGone(err)) return { gone: true };
      return { error: collectionError("logs", "ListTagsForResource", err, region, g.name) };
    }
  });
  const logGroups: LiveLogGroup[] = [];
  const errors: CollectionError[] = [];
  for (const r of results) {
    if ("ok" in r) logGroups.push(r.ok);
    else if ("error" in r) errors.push(r.error);
  }
  return { logGroups, errors, complete: true };
}
