/** Time for rate limiting and backoff: tests pass a virtual one, the CLI the real one. */
export interface Timer {
  /** Milliseconds on a monotonic scale. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemTimer: Timer = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * A token bucket (as a virtual-scheduling / GCRA limiter): at most `burst` requests at once, then one every
 * 1000/rate ms, shared by every concurrent caller. `take()` resolves when the caller may send its request.
 */
export class TokenBucket {
  private readonly interval: number;
  private readonly burst: number;
  /** The earliest time the next request may go, assuming no burst credit. */
  private next = -Infinity;

  constructor(
    ratePerSecond: number,
    private readonly timer: Timer,
    burst = 1,
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError(`rate must be above 0 requests/s, got ${ratePerSecond}`);
    this.interval = 1000 / ratePerSecond;
    this.burst = Math.max(1, Math.floor(burst));
  }

  async take(): Promise<void> {
    const now = this.timer.now();
    const at = Math.max(now - (this.burst - 1) * this.interval, this.next);
    this.next = at + this.interval;
    const wait = Math.max(0, at - now);
    if (wait > 0) await this.timer.sleep(wait);
  }
}
