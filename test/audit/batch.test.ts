import { describe, expect, it } from "vitest";
import { batchLogEvents, PUT_LOG_EVENTS_LIMITS } from "../../src/audit/batch";

const limits = { ...PUT_LOG_EVENTS_LIMITS };
const ev = (timestamp: number, message = "x") => ({ timestamp, message });

describe("src/audit/batch", () => {
  it("orders events by timestamp, keeping the input order for equal times", () => {
    const batches = batchLogEvents([ev(3, "c"), ev(1, "a"), ev(3, "d"), ev(2, "b")]);
    expect(batches).toEqual([[ev(1, "a"), ev(2, "b"), ev(3, "c"), ev(3, "d")]]);
  });

  it("splits at 10,000 events", () => {
    const batches = batchLogEvents(Array.from({ length: 25_001 }, (_, i) => ev(i)));
    expect(batches.map((b) => b.length)).toEqual([10_000, 10_000, 5_001]);
  });

  it("splits at 1,048,576 bytes counting 26 bytes per event", () => {
    // 1000-byte messages: 1026 bytes each; 1022 fit (1,048,572 bytes), the 1023rd would not.
    const batches = batchLogEvents(Array.from({ length: 1023 }, (_, i) => ev(i, "m".repeat(1000))));
    expect(batches.map((b) => b.length)).toEqual([1022, 1]);
  });

  it("counts message size in UTF-8 bytes", () => {
    const batches = batchLogEvents([ev(1, "é".repeat(10))], { ...limits, maxBytes: 45 });
    expect(batches).toHaveLength(1);
    expect(() => batchLogEvents([ev(1, "é".repeat(10))], { ...limits, maxEventBytes: 45 })).toThrow(
      "log event of 46 bytes (with overhead) exceeds the 45-byte event limit",
    );
  });

  it("starts a new batch before a span of 24 hours", () => {
    const day = 86_400_000;
    const batches = batchLogEvents([ev(0), ev(day - 1), ev(day), ev(day + 5)]);
    expect(batches).toEqual([[ev(0), ev(day - 1)], [ev(day), ev(day + 5)]]);
  });

  it("returns no batches for no events", () => {
    expect(batchLogEvents([])).toEqual([]);
  });
});
