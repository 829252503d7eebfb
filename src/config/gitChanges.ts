import { execFileSync } from "node:child_process";
import { relative, resolve, sep } from "node:path";
import { environmentError, usageError } from "../core/errors";

/** Runs git in `cwd` and returns stdout; undefined with git's own message when git refuses. */
function git(cwd: string, args: readonly string[]): { ok: true; out: string } | { ok: false; message: string; missing: boolean } {
  try {
    return { ok: true, out: execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 }) };
  } catch (err) {
    const e = err as { code?: string; stderr?: string | Buffer };
    const message = String(e.stderr ?? "").trim().split("\n")[0] ?? "";
    return { ok: false, message, missing: e.code === "ENOENT" };
  }
}

/** What a pull request changes since `base`: the files, and a way to read a file as it was there. */
export interface ChangesSince {
  /** Files added or changed (absolute paths). */
  readonly changed: ReadonlySet<string>;
  /** The bytes of `path` (absolute, or relative to cwd) at the merge base; undefined where it did not exist. */
  readAtBase(path: string): Buffer | undefined;
}

/**
 * What a pull request adds or changes relative to `base` (a branch, tag or commit): the working tree against the merge
 * base of `base` and HEAD (committed and uncommitted changes), plus untracked files not ignored; absolute paths, limited
 * to `cwd` and below. Unknown ref or no repository: usage error (exit 2); no git at all: exit 3.
 */
export function changesSince(cwd: string, base: string): ChangesSince {
  if (base.startsWith("-")) throw usageError("E_GIT_BASE", `--base ${base}: expected a git ref such as origin/main`);
  const mergeBase = git(cwd, ["merge-base", base, "HEAD"]);
  if (!mergeBase.ok) {
    if (mergeBase.missing) throw environmentError("E_GIT", "git is not installed or not on PATH; --base needs it");
    const known = git(cwd, ["rev-parse", "--verify", "--quiet", `${base}^{commit}`]);
    const why = known.ok ? `it shares no history with HEAD` : mergeBase.message || "unknown revision";
    throw usageError("E_GIT_BASE", `--base ${base}: cannot compare with it (${why})`, "fetch the base branch first, e.g. `git fetch origin main` and `--base origin/main`");
  }
  const at = mergeBase.out.trim();
  const diff = git(cwd, ["diff", "--name-only", "--no-renames", "--relative", "-z", at, "--", "."]);
  const untracked = git(cwd, ["ls-files", "--others", "--exclude-standard", "-z", "--", "."]);
  if (!diff.ok || !untracked.ok) throw environmentError("E_GIT", `git could not list the changes since ${base}: ${(!diff.ok ? diff.message : !untracked.ok ? untracked.message : "")}`);
  const names = [...diff.out.split("\0"), ...untracked.out.split("\0")].filter((n) => n !== "");
  return {
    changed: new Set(names.map((n) => resolve(cwd, n))),
    readAtBase(path) {
      const rel = relative(cwd, resolve(cwd, path)).split(sep).join("/");
      try {
        return execFileSync("git", ["show", `${at}:./${rel}`], { cwd, stdio: ["ignore", "pipe", "ignore"], maxBuffer: 8 * 1024 * 1024 });
      } catch {
        return undefined;
      }
    },
  };
}
