import { describe, expect, it } from "vitest";
import { TokenBucket } from "../../src/audit/rateLimit";
import { virtualTimer } from "../support/timer";

describe("src/audit/rateLimit", () => {
  it("spaces requests 1000/rate ms apart at the default burst of 1", async () => {
    const timer = virtualTimer();
    const bucket = new TokenBucket(5, timer);
    for (let i = 0; i < 4; i++) await bucket.take();
    expect(timer.waits).toEqual([200, 200, 200]);
    expect(timer.now()).toBe(600);
  });

  it("lets a burst go at once, then keeps the rate", async () => {
    const timer = virtualTimer();
    const bucket = new TokenBucket(5, timer, 3);
    for (let i = 0; i < 5; i++) await bucket.take();
    expect(timer.waits).toEqual([200, 200]);
  });

  it("gives concurrent callers successive slots", async () => {
    // time stands still while all five ask at once: each must wait for its own slot
    const waits: number[] = [];
    const bucket = new TokenBucket(10, { now: () => 0, sleep: async (ms) => void waits.push(ms) });
    await Promise.all(Array.from({ length: 5 }, () => bucket.take()));
    expect(waits).toEqual([100, 200, 300, 400]);
  });

  it("does not save up unused time beyond the burst", async () => {
    const timer = virtualTimer();
    const bucket = new TokenBucket(5, timer);
    await bucket.take();
    await timer.sleep(10_000);
    timer.waits.length = 0;
    await bucket.take();
    await bucket.take();
    expect(timer.waits).toEqual([200]);
  });

  it("rejects a rate of 0", () => {
    expect(() => new TokenBucket(0, virtualTimer())).toThrow("rate must be above 0 requests/s, got 0");
  });
});
