import { seededRandom, seedFromText } from "../../core/random";

/** How the sample was drawn, recorded in the manifest so that an auditor can draw it again. */
export const SAMPLE_METHOD =
  "per control: population = ledger records of the period in which the control was evaluated, ordered by seq; PRNG mulberry32 seeded with the first 4 bytes (big-endian) of SHA-256(\"<seed>/<control>\"); partial Fisher-Yates shuffle drawing min(size, population) items; the drawn items listed in seq order";

/**
 * A reproducible simple random sample without replacement (pure): the same population, size, seed and label always
 * draw the same items. Items come back in population order.
 */
export function drawSample<T>(population: readonly T[], size: number, seed: string, label: string): T[] {
  const n = Math.min(size, population.length);
  const random = seededRandom(seedFromText(`${seed}/${label}`));
  const index = population.map((_, i) => i);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (index.length - i));
    [index[i], index[j]] = [index[j]!, index[i]!];
  }
  return index
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => population[i]!);
}
