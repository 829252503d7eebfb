import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * The commit checked out at `cwd` (walking up to the repository), read from .git without running git;
 * "unknown" when there is no repository or the ref cannot be resolved.
 */
export function gitCommit(cwd: string): string {
  let dir = resolve(cwd);
  for (let i = 0; i < 64; i++) {
    const git = join(dir, ".git");
    try {
      if (statSync(git).isDirectory()) return resolveHead(git);
      // a worktree or submodule: ".git" is a file "gitdir: <path>"
      const pointer = /^gitdir: (.+)$/m.exec(readFileSync(git, "utf8"));
      if (pointer !== null) return resolveHead(resolve(dir, pointer[1]!.trim()));
      return "unknown";
    } catch {
      const parent = resolve(dir, "..");
      if (parent === dir) return "unknown";
      dir = parent;
    }
  }
  return "unknown";
}

function resolveHead(gitDir: string): string {
  try {
    const head = readFileSync(join(gitDir, "HEAD"), "utf8").trim();
    if (/^[0-9a-f]{40}$/.test(head)) return head;
    const ref = /^ref: (.+)$/.exec(head)?.[1];
    if (ref === undefined) return "unknown";
    const common = commonDir(gitDir);
    for (const base of [gitDir, common]) {
      try {
        const sha = readFileSync(join(base, ref), "utf8").trim();
        if (/^[0-9a-f]{40}$/.test(sha)) return sha;
      } catch {
        // try packed refs
      }
    }
    const packed = readFileSync(join(common, "packed-refs"), "utf8");
    for (const line of packed.split("\n")) {
      const [sha, name] = line.split(" ");
      if (name === ref && sha !== undefined && /^[0-9a-f]{40}$/.test(sha)) return sha;
    }
  } catch {
    // fall through
  }
  return "unknown";
}

function commonDir(gitDir: string): string {
  try {
    return resolve(gitDir, readFileSync(join(gitDir, "commondir"), "utf8").trim());
  } catch {
    return gitDir;
  }
}
