import type { FilteredLogEvent } from "../../src/aws/logs";
import { sampleEvent, seededRandom } from "./sampleEvents";

export interface Dataset {
  readonly logEvents: FilteredLogEvent[];
  /** Distinct valid events (what an export must write). */
  readonly valid: number;
  readonly invalid: number;
  readonly duplicates: number;
}

const ACTIONS = ["member.invite", "key.create", "key.revoke", "domain.add", "billing.update", "settings.update"] as const;

/**
 * `n` valid events of `tenant` spread over `days` days from `start` (several streams, a few sharing a millisecond),
 * plus invalid log events (not JSON, schema-invalid, another tenant's) and exact duplicates (as a retried PutLogEvents
 * leaves them). Deterministic for a seed.
 */
export function makeDataset(tenant: string, start: number, days: number, n: number, seed = 42): Dataset {
  const rng = seededRandom(seed);
  const logEvents: FilteredLogEvent[] = [];
  const span = days * 86_400_000;
  let invalid = 0;
  let duplicates = 0;
  for (let i = 0; i < n; i++) {
    // every 10th event shares its millisecond with the previous one
    const ms = start + Math.floor((i - (i % 10 === 9 ? 1 : 0)) * (span / n));
    const event = sampleEvent(tenant, new Date(ms), rng, {
      action: ACTIONS[i % ACTIONS.length],
      userAgent: i % 7 === 0 ? 'Agent "quoted", with comma\nand newline' : "Mozilla/5.0",
      ...(i % 5 === 0 ? { metadata: { index: i, note: "ünïcödé" } } : {}),
    });
    const stream = `app-${i % 3}`;
    logEvents.push({ timestamp: ms, message: JSON.stringify(event), logStreamName: stream });
    if (i % 50 === 3) {
      logEvents.push({ timestamp: ms, message: JSON.stringify(event), logStreamName: stream });
      duplicates++;
    }
    if (i % 40 === 7) {
      logEvents.push({ timestamp: ms, message: "not json {", logStreamName: stream });
      logEvents.push({ timestamp: ms, message: JSON.stringify({ ...event, ip: "300.1.1.1" }), logStreamName: stream });
      logEvents.push({ timestamp: ms, message: JSON.stringify({ ...event, tenant: "globex" }), logStreamName: stream });
      invalid += 3;
    }
  }
  return { logEvents, valid: n, invalid, duplicates };
}
