/** Pure logic takes a clock instead of calling Date.now(); tests pass a fixed one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date | string): Clock {
  const time = typeof at === "string" ? new Date(at) : at;
  return { now: () => new Date(time.getTime()) };
}
