import type { KeyRecord } from "./record";

/** A problem in a records file, located (line 1-based). */
export interface RecordsProblem {
  readonly line: number;
  readonly message: string;
}

const HASH = /^[0-9a-f]{64}$/;

/**
 * Parses stored key records (JSON Lines, as `keys new --records` appends them) into a map hash → record. Pure: every
 * problem is returned, located by line. Blank lines are allowed.
 */
export function parseKeyRecords(text: string): { records: Map<string, KeyRecord>; problems: RecordsProblem[] } {
  const records = new Map<string, KeyRecord>();
  const problems: RecordsProblem[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      problems.push({ line, message: `not JSON: ${(err as Error).message}` });
      return;
    }
    const r = value as Partial<Record<keyof KeyRecord, unknown>> | null;
    const missing = (["sha256", "last4", "tenant", "agent"] as const).filter((k) => r === null || typeof r !== "object" || typeof r[k] !== "string");
    if (missing.length > 0) return void problems.push({ line, message: `expected a key record with ${missing.join(", ")} (strings)` });
    if (!HASH.test(r!.sha256 as string)) return void problems.push({ line, message: "expected sha256 as 64 lower-case hex digits" });
    const record = { scopes: [], createdAt: "", revokedAt: null, ...r } as KeyRecord;
    if (records.has(record.sha256)) problems.push({ line, message: `the same key hash appears twice (tenant ${record.tenant}, agent ${record.agent})` });
    records.set(record.sha256, record);
  });
  return { records, problems };
}
