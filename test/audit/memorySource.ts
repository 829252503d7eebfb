import type { FilteredLogEvent } from "../../src/aws/logs";
import type { PageSource } from "../../src/audit/export";

/**
 * An in-memory FilterLogEvents: events (any order) served in timestamp order for a closed range, `limit` per page,
 * nextToken = the index of the next event; with `emptyEvery`, every n-th page is empty while more remains (as
 * CloudWatch may do). Counts pages served.
 */
export function memorySource(events: readonly FilteredLogEvent[], options: { emptyEvery?: number } = {}): PageSource & { pagesServed: number } {
  const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
  const source = async function* (range: { startTime: number; endTime: number }, opts: { nextToken?: string; limit?: number }) {
    const inRange = sorted.filter((e) => e.timestamp >= range.startTime && e.timestamp <= range.endTime);
    const limit = opts.limit ?? 10_000;
    let at = opts.nextToken === undefined ? 0 : Number(opts.nextToken.split(":")[0]);
    let served = opts.nextToken === undefined ? 0 : Number(opts.nextToken.split(":")[1]);
    for (;;) {
      served++;
      source.pagesServed++;
      if (options.emptyEvery !== undefined && served % options.emptyEvery === 0 && at < inRange.length) {
        yield { events: [], nextToken: `${at}:${served}` };
        continue;
      }
      const page = inRange.slice(at, at + limit);
      at += page.length;
      yield { events: page, nextToken: at < inRange.length ? `${at}:${served}` : undefined };
      if (at >= inRange.length) return;
    }
  } as unknown as PageSource & { pagesServed: number };
  source.pagesServed = 0;
  return source;
}
