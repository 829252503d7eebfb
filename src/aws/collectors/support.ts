import { awsError } from "../errors";
import type { CollectionError } from "./types";
import type { LiveService } from "./operations";

const SERVICE_NAMES: Readonly<Record<LiveService, string>> = { kms: "KMS", logs: "CloudWatch Logs", sns: "SNS", sesv2: "SES v2", sts: "STS" };

/** A failed call as a collection error (the classification and redaction awsError applies). */
export function collectionError(service: LiveService, operation: string, err: unknown, region: string, resource?: string): CollectionError {
  const ops = awsError(SERVICE_NAMES[service], operation, err);
  const e = err as { name?: string; code?: string; Code?: string } | undefined;
  const code = e?.Code ?? e?.code ?? e?.name ?? "Error";
  return { service, operation, code, kind: ops.code, message: ops.message, region, ...(resource !== undefined ? { resource } : {}) };
}

/** The resource went away between the listing and the read (NotFound on a get): not an error, just gone. */
export function isGone(err: unknown): boolean {
  const e = err as { name?: string; Code?: string } | undefined;
  return /^(NotFound|NotFoundException|ResourceNotFoundException)$/.test(e?.Code ?? e?.name ?? "");
}

/** Runs `fn` over items with at most `limit` in flight, keeping the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** AWS tag lists (`[{Key, Value}]` or `[{TagKey, TagValue}]`) as a map. */
export function tagMap(tags: readonly { Key?: string; Value?: string; TagKey?: string; TagValue?: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) {
    const k = t.Key ?? t.TagKey;
    if (k !== undefined) out[k] = t.Value ?? t.TagValue ?? "";
  }
  return out;
}

/** Outcome of one item's reads: its value, gone (NotFound after listing), or failed. */
export type ItemResult<T> = { ok: T } | { gone: true } | { error: CollectionError };
