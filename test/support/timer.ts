import type { Timer } from "../../src/audit/rateLimit";

/** A virtual clock: sleep() advances time instantly and records the waits. */
export function virtualTimer(): Timer & { waits: number[] } {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
  };
}
