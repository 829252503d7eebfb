import { decodeTime } from "ulid";
import { describe, expect, it } from "vitest";
import { ULID_PATTERN } from "../../src/audit/event";
import { ulidGenerator } from "../../src/audit/ids";
import { fixedClock } from "../../src/core/clock";
import { seededRandom } from "./sampleEvents";

describe("src/audit/ids", () => {
  it("encodes the clock's time, not the system time", () => {
    const id = ulidGenerator(fixedClock("2026-03-01T10:00:00.123Z"))();
    expect(id).toMatch(ULID_PATTERN);
    expect(new Date(decodeTime(id)).toISOString()).toBe("2026-03-01T10:00:00.123Z");
  });

  it("stays strictly increasing while the clock stands still", () => {
    const next = ulidGenerator(fixedClock("2026-03-01T10:00:00Z"));
    const ids = Array.from({ length: 1000 }, () => next());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(1000);
  });

  it("is reproducible with a seeded PRNG", () => {
    const a = ulidGenerator(fixedClock("2026-03-01T10:00:00Z"), seededRandom(7))();
    const b = ulidGenerator(fixedClock("2026-03-01T10:00:00Z"), seededRandom(7))();
    expect(a).toBe(b);
  });
});
