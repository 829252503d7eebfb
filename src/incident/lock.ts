import { closeSync, linkSync, openSync, readSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { ExitCode, OpsError } from "../core/errors";

/**
 * One runner per incident at a time: a lock file holding the pid. A lock left by a process that no longer runs
 * (a crash, a kill) is taken over — by exactly one of the processes that find it at the same time.
 */
export function acquireLock(dir: string): () => void {
  const file = join(dir, ".lock");
  // The lock appears with its pid already in it (a hard link to a finished file), so a process starting at the same
  // moment never reads an empty lock and takes it for a stale one.
  const mine = join(dir, `.lock.${process.pid}`);
  writeFileSync(mine, String(process.pid));
  try {
    return takeLock(file, mine);
  } finally {
    try {
      unlinkSync(mine);
    } catch {
      // already gone (renamed into place by a takeover)
    }
  }
}

function releaser(file: string): () => void {
  return () => {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  };
}

function locked(pid: number): OpsError {
  return new OpsError("E_INCIDENT_LOCKED", `incident is being run by process ${pid}; wait for it or stop it`, { exitCode: ExitCode.environment });
}

/** For tests of concurrent takeover: called when a process has found the lock stale, before it takes it over. */
export const lockHooks: { staleSeen?: () => void } = {};

/** The live process holding the lock file, or undefined when it is stale (dead pid, no pid, our own pid). */
function holder(file: string): number | undefined {
  const pid = Number(readText(file).trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : undefined;
}

function takeLock(file: string, mine: string): () => void {
  for (let tries = 0; tries < 3; tries++) {
    try {
      linkSync(mine, file);
      return releaser(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    let ino: number;
    try {
      ino = statSync(file).ino;
    } catch {
      continue; // released meanwhile: try again
    }
    const pid = holder(file);
    if (pid !== undefined) throw locked(pid);
    lockHooks.staleSeen?.();
    // Stale. Several processes may see it at once: the one that creates the takeover token named after this lock
    // file's inode takes it over; the others lose (their token create fails) and find the new holder alive.
    const token = `${file}.takeover.${ino}`;
    let fd: number;
    try {
      fd = openSync(token, "wx");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const taker = Number(readText(token).trim());
      if (Number.isInteger(taker) && taker > 0 && taker !== process.pid && !alive(taker)) {
        throw new OpsError("E_INCIDENT_LOCKED", `a takeover of the stale lock ${file} was interrupted (process ${taker} is gone)`, {
          exitCode: ExitCode.environment,
          hint: `make sure no \`incident\` command runs for this incident, then delete ${file} and ${token}`,
        });
      }
      continue; // another process is taking it over: look again
    }
    try {
      writeSync(fd, String(process.pid));
      closeSync(fd);
      // Still the same stale file (nobody can replace it without this token): swap ours in, atomically.
      let same = false;
      try {
        same = statSync(file).ino === ino && holder(file) === undefined;
      } catch {
        same = false;
      }
      if (same) {
        renameSync(mine, file);
        return releaser(file);
      }
    } finally {
      try {
        unlinkSync(token);
      } catch {
        // already gone
      }
    }
  }
  throw new OpsError("E_INCIDENT_LOCKED", `cannot take the lock ${file}`, { exitCode: ExitCode.environment });
}

function readText(file: string): string {
  try {
    const fd = openSync(file, "r");
    try {
      const buf = Buffer.alloc(32);
      const n = readSync(fd, buf, 0, 32, 0);
      return buf.subarray(0, n).toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return "";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
