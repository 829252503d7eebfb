import { isTransientAwsError } from "../aws/errors";
import type { Timer } from "./rateLimit";

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 20_000 };

/** Throttling, 5xx and connection resets, whether raw SDK errors or wrapped in an OpsError (`cause`). */
export function isRetryable(err: unknown): boolean {
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  return isTransientAwsError(err) || (cause !== undefined && isTransientAwsError(cause));
}

/**
 * Runs `op`, retrying retryable failures with exponential backoff and full jitter: before attempt n+1 it waits a random
 * time in [0, min(maxDelay, base · 2^(n-1))). Other failures, and the last retryable one, are thrown.
 */
export async function withRetry<T>(
  op: () => Promise<T>,
  deps: { readonly timer: Pick<Timer, "sleep">; readonly random: () => number; readonly policy?: RetryPolicy; readonly onRetry?: (err: unknown, attempt: number) => void },
): Promise<T> {
  const policy = deps.policy ?? DEFAULT_RETRY;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (attempt >= policy.maxAttempts || !isRetryable(err)) throw err;
      deps.onRetry?.(err, attempt);
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await deps.timer.sleep(deps.random() * ceiling);
    }
  }
}
