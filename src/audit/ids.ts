import { monotonicFactory } from "ulid";
import type { Clock } from "../core/clock";

/** Produces event ids. */
export type IdGenerator = () => string;

/**
 * ULIDs from the given clock (never Date.now()): the `ulid` package's monotonic factory seeded with the clock's time,
 * so ids made within one millisecond (or under a clock that stands still, as in tests) still sort in creation order.
 * `prng` (values in [0, 1)) makes ids reproducible in tests; by default the package uses crypto randomness.
 */
export function ulidGenerator(clock: Clock, prng?: () => number): IdGenerator {
  const next = monotonicFactory(prng);
  return () => {
    const ms = clock.now().getTime();
    // The factory reads Date.now() for a seed of 0; the epoch itself is no real audit time, so 1 ms later is fine.
    return next(ms === 0 ? 1 : ms);
  };
}
