import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { liveClients, type LiveAwsSettings } from "./clients";
import { collectKms } from "./kms";
import { collectLogs } from "./logs";
import type { LiveScope } from "./scope";
import { collectSes } from "./sesv2";
import { collectSns } from "./sns";
import { collectionError } from "./support";
import type { CollectionError, InventoryKind, LiveInventory } from "./types";

export type { LiveAwsSettings } from "./clients";
export type { LiveScope } from "./scope";
export * from "./types";
export { ENDPOINT_ENV, LIVE_OPERATIONS, LIVE_SERVICES, type LiveOperation, type LiveService } from "./operations";

export interface CollectOptions {
  /** Page size for the lists that take one (tests use small pages to exercise pagination). */
  readonly pageSize?: number;
}

/** The partition of a region (`aws`, `aws-cn`, `aws-us-gov`). */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/**
 * Reads one region of the account, read-only: the caller's account (STS), KMS keys and aliases, log groups, SNS
 * topics, and SES v2 configuration sets, tenants and identities, in parallel per service. Failures never throw:
 * they are returned as collection errors, and a kind whose listing failed is left out of `complete`.
 */
export async function collectInventory(settings: LiveAwsSettings, scope: LiveScope, options: CollectOptions = {}): Promise<LiveInventory> {
  const region = settings.region;
  const partition = partitionOf(region);
  const clients = liveClients(settings);
  try {
    const errors: CollectionError[] = [];
    let accountId: string | undefined;
    try {
      accountId = (await clients.sts.send(new GetCallerIdentityCommand({}))).Account;
    } catch (err) {
      errors.push(collectionError("sts", "GetCallerIdentity", err, region));
    }
    const [kms, logs, sns] = await Promise.all([
      collectKms(clients.kms, scope, region, options.pageSize),
      collectLogs(clients.logs, scope, region, options.pageSize),
      collectSns(clients.sns, scope, region),
    ]);
    accountId ??= [...kms.keys.map((k) => k.arn), ...logs.logGroups.map((g) => g.arn)].map((a) => a.split(":")[4]).find((a) => a !== undefined && a !== "");
    const complete: InventoryKind[] = [];
    if (kms.complete) complete.push("keys", "aliases");
    if (logs.complete) complete.push("logGroups");
    if (sns.complete) complete.push("topics");
    let ses = { configurationSets: [], sesTenants: [], identities: [] } as Pick<Awaited<ReturnType<typeof collectSes>>, "configurationSets" | "sesTenants" | "identities">;
    if (accountId !== undefined) {
      const got = await collectSes(clients.sesv2, scope, { partition, region, accountId }, options.pageSize);
      ses = got;
      errors.push(...got.errors);
      if (got.complete.configurationSets) complete.push("configurationSets");
      if (got.complete.sesTenants) complete.push("sesTenants");
      if (got.complete.identities) complete.push("identities");
    }
    errors.push(...kms.errors, ...logs.errors, ...sns.errors);
    return {
      region,
      ...(accountId !== undefined ? { accountId } : {}),
      partition,
      complete,
      keys: kms.keys,
      aliases: kms.aliases,
      logGroups: logs.logGroups,
      topics: sns.topics,
      configurationSets: ses.configurationSets,
      sesTenants: ses.sesTenants,
      identities: ses.identities,
      errors,
    };
  } finally {
    clients.destroy();
  }
}
