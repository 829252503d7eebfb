import type { LogEventInput } from "../aws/logs";

/** PutLogEvents limits (CloudWatch Logs API reference). */
export const PUT_LOG_EVENTS_LIMITS = {
  maxEvents: 10_000,
  maxBytes: 1_048_576,
  /** Counted per event on top of the UTF-8 size of its message. */
  perEventOverhead: 26,
  /** A batch may not span more than 24 hours. */
  maxSpanMs: 24 * 60 * 60 * 1000,
  /** The largest single event we write (the historical CloudWatch event limit, 256 KiB including overhead). */
  maxEventBytes: 262_144,
} as const;

export type BatchLimits = { readonly [K in keyof typeof PUT_LOG_EVENTS_LIMITS]: number };

/**
 * Orders events by timestamp (stable) and splits them into PutLogEvents batches: each within the event count, the byte
 * size (message bytes + 26 per event) and a span of less than 24 hours. Throws for a single event over the size limit.
 */
export function batchLogEvents(events: readonly LogEventInput[], limits: BatchLimits = PUT_LOG_EVENTS_LIMITS): LogEventInput[][] {
  const sorted = events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.timestamp - b.e.timestamp || a.i - b.i)
    .map((x) => x.e);
  const batches: LogEventInput[][] = [];
  let current: LogEventInput[] = [];
  let bytes = 0;
  for (const event of sorted) {
    const size = Buffer.byteLength(event.message, "utf8") + limits.perEventOverhead;
    if (size > limits.maxEventBytes) {
      throw new RangeError(`log event of ${size} bytes (with overhead) exceeds the ${limits.maxEventBytes}-byte event limit`);
    }
    const first = current[0];
    if (
      first !== undefined &&
      (current.length >= limits.maxEvents || bytes + size > limits.maxBytes || event.timestamp - first.timestamp >= limits.maxSpanMs)
    ) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(event);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
