/** The project's seeded PRNG (mulberry32), for test data, ids and fault injection. */
export { seededRandom } from "../../src/core/random";
