import { followPages, type LogsPort } from "../aws/logs";
import type { PageSource } from "./export";
import type { TokenBucket, Timer } from "./rateLimit";
import { withRetry, type RetryPolicy } from "./retry";

export interface PageSourceStats {
  requests: number;
  retries: number;
}

/**
 * The tenant group's FilterLogEvents pages as the exporter reads them: every request (retries included) first takes a
 * token from the shared bucket, so concurrent slices together stay within the account's rate; throttling, 5xx and
 * connection resets are retried with exponential backoff and jitter.
 */
export function cloudWatchPageSource(
  logs: LogsPort,
  group: string,
  deps: {
    readonly limiter: TokenBucket;
    readonly timer: Timer;
    readonly random: () => number;
    readonly retry?: RetryPolicy;
    readonly stats?: PageSourceStats;
    /** Told of every retry (the CLI logs it on stderr, so a slow or failing endpoint is never silent). */
    readonly onRetry?: (err: unknown, attempt: number) => void;
  },
): PageSource {
  const stats = deps.stats;
  return (range, options) =>
    followPages(
      (request) =>
        withRetry(
          async () => {
            await deps.limiter.take();
            if (stats) stats.requests++;
            return logs.filterPage(request);
          },
          {
            timer: deps.timer,
            random: deps.random,
            policy: deps.retry,
            onRetry: (err, attempt) => {
              if (stats) stats.retries++;
              deps.onRetry?.(err, attempt);
            },
          },
        ),
      group,
      range,
      options,
    );
}
