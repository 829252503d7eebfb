/**
 * One contender for test/incident/lockRace.test.ts: waits (busy) until the start file exists, so every contender
 * reaches the stale lock at the same moment, tries to take the incident lock, says whether it won, and holds a won
 * lock a while so that the others find it held.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { acquireLock, lockHooks } from "../../src/incident/lock";

const dir = process.argv[2]!;
while (!existsSync(join(dir, "go"))) {
  // spin: a timer would spread the contenders out
}
// Widen the window between seeing the lock stale and taking it over, so every contender is inside it at once.
lockHooks.staleSeen = () => {
  const until = Date.now() + 300;
  while (Date.now() < until) {
    // spin
  }
};
try {
  const release = acquireLock(dir);
  process.stdout.write("won\n");
  setTimeout(release, 1500);
} catch (err) {
  process.stdout.write(`${(err as { code?: string }).code ?? String(err)}\n`);
}
