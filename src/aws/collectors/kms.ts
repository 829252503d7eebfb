import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  type KMSClient,
} from "@aws-sdk/client-kms";
import type { LiveScope } from "./scope";
import { collectionError, isGone, mapLimit, tagMap, type ItemResult } from "./support";
import type { CollectionError, LiveAlias, LiveKey } from "./types";

export interface KmsCollection {
  readonly keys: LiveKey[];
  readonly aliases: LiveAlias[];
  readonly errors: CollectionError[];
  /** False when a listing failed: the key inventory is incomplete. */
  readonly complete: boolean;
}

/** Key states in which a key is going away: not in force, so not collected. */
const LEAVING = new Set(["PendingDeletion", "PendingReplicaDeletion"]);

/**
 * KMS: ListAliases and ListKeys (every page, by Marker), then for each customer-managed key DescribeKey and
 * ListResourceTags; for the project's keys (an alias under the scope's prefix, or tags the scope owns) also
 * GetKeyPolicy and — only for symmetric AWS_KMS keys, the only ones KMS rotates (others answer
 * UnsupportedOperationException) — GetKeyRotationStatus. Keys pending deletion are skipped (KMSInvalidStateException).
 */
export async function collectKms(client: KMSClient, scope: LiveScope, region: string, pageSize?: number): Promise<KmsCollection> {
  const errors: CollectionError[] = [];
  const aliases: LiveAlias[] = [];
  const keyIds: string[] = [];
  try {
    let marker: string | undefined;
    do {
      const out = await client.send(new ListAliasesCommand({ Marker: marker, ...(pageSize ? { Limit: pageSize } : {}) }));
      for (const a of out.Aliases ?? []) if (a.AliasName) aliases.push({ name: a.AliasName, ...(a.AliasArn ? { arn: a.AliasArn } : {}), ...(a.TargetKeyId ? { targetKeyId: a.TargetKeyId } : {}) });
      marker = out.Truncated ? out.NextMarker : undefined;
    } while (marker !== undefined);
  } catch (err) {
    return { keys: [], aliases: [], errors: [collectionError("kms", "ListAliases", err, region)], complete: false };
  }
  try {
    let marker: string | undefined;
    do {
      const out = await client.send(new ListKeysCommand({ Marker: marker, ...(pageSize ? { Limit: pageSize } : {}) }));
      for (const k of out.Keys ?? []) if (k.KeyId) keyIds.push(k.KeyId);
      marker = out.Truncated ? out.NextMarker : undefined;
    } while (marker !== undefined);
  } catch (err) {
    return { keys: [], aliases, errors: [collectionError("kms", "ListKeys", err, region)], complete: false };
  }

  const aliasesOf = new Map<string, string[]>();
  for (const a of aliases) if (a.targetKeyId) aliasesOf.set(a.targetKeyId, [...(aliasesOf.get(a.targetKeyId) ?? []), a.name]);
  // AWS managed keys carry only alias/aws/… aliases: no need to describe them.
  const candidates = keyIds.filter((id) => !(aliasesOf.get(id) ?? []).some((n) => n.startsWith("alias/aws/")));

  const results = await mapLimit(candidates, 8, (keyId) => readKey(client, scope, region, keyId, aliasesOf.get(keyId) ?? []));
  const keys: LiveKey[] = [];
  for (const r of results) {
    if (r === undefined || "gone" in r) continue;
    if ("error" in r) errors.push(r.error);
    else keys.push(r.ok);
  }
  return { keys, aliases: aliases.filter((a) => a.name.startsWith(scope.aliasPrefix)), errors, complete: true };
}

async function readKey(client: KMSClient, scope: LiveScope, region: string, keyId: string, aliasNames: readonly string[]): Promise<ItemResult<LiveKey> | undefined> {
  let op = "DescribeKey";
  try {
    const m = (await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;
    if (m === undefined || m.KeyManager === "AWS" || LEAVING.has(m.KeyState ?? "")) return undefined;
    op = "ListResourceTags";
    const tags: Record<string, string> = {};
    let marker: string | undefined;
    do {
      const out = await client.send(new ListResourceTagsCommand({ KeyId: keyId, Marker: marker }));
      Object.assign(tags, tagMap(out.Tags));
      marker = out.Truncated ? out.NextMarker : undefined;
    } while (marker !== undefined);
    if (!aliasNames.some((n) => n.startsWith(scope.aliasPrefix)) && !scope.owns(tags)) return undefined;
    op = "GetKeyPolicy";
    const policy = (await client.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "default" }))).Policy;
    const spec = m.KeySpec ?? m.CustomerMasterKeySpec;
    let rotation: { enabled?: boolean; period?: number } = {};
    if (spec === "SYMMETRIC_DEFAULT" && (m.Origin ?? "AWS_KMS") === "AWS_KMS") {
      op = "GetKeyRotationStatus";
      const out = await client.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
      rotation = { enabled: out.KeyRotationEnabled === true, ...(out.RotationPeriodInDays !== undefined ? { period: out.RotationPeriodInDays } : {}) };
    }
    return {
      ok: {
        keyId: m.KeyId ?? keyId,
        arn: m.Arn ?? "",
        ...(m.Description !== undefined ? { description: m.Description } : {}),
        ...(m.KeyUsage !== undefined ? { keyUsage: m.KeyUsage } : {}),
        ...(spec !== undefined ? { keySpec: spec } : {}),
        ...(m.KeyState !== undefined ? { keyState: m.KeyState } : {}),
        ...(m.Origin !== undefined ? { origin: m.Origin } : {}),
        ...(rotation.enabled !== undefined ? { rotationEnabled: rotation.enabled } : {}),
        ...(rotation.period !== undefined ? { rotationPeriodInDays: rotation.period } : {}),
        ...(policy !== undefined ? { policy } : {}),
        tags,
      },
    };
  } catch (err) {
    if (isGone(err)) return { gone: true };
    return { error: collectionError("kms", op, err, region, keyId) };
  }
}
