import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { environmentError, usageError } from "../core/errors";

/** A file at a git ref: its path relative to the folder the reader was opened at, and its blob id. */
export interface GitEntry {
  readonly path: string;
  readonly oid: string;
}

/** What `plan --base` needs from git: read-only access to one ref, never touching the working tree. */
export interface GitReader {
  /** The commit the ref names (40 hex digits). */
  readonly commit: string;
  /** Regular files directly inside `dir` (not recursive) at the ref, relative to the reader's folder; [] if the folder is absent. */
  list(dir: string): GitEntry[];
  /** The contents of blobs by id. */
  read(oids: readonly string[]): Map<string, Uint8Array>;
  /** Tracked files under `paths` (relative to the reader's folder) whose working-tree contents differ from the ref. */
  changed(paths: readonly string[]): string[];
}

/** The id git gives a file's contents (`git hash-object`): SHA-1 of "blob <length>\0<bytes>". */
export function blobId(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
}

const MAX_BUFFER = 1024 * 1024 * 1024;

function git(cwd: string, args: readonly string[], input?: Buffer): Buffer {
  try {
    return execFileSync("git", [...args], { cwd, input, maxBuffer: MAX_BUFFER, stdio: ["pipe", "pipe", "pipe"] });
  } catch (err) {
    const e = err as { code?: string; stderr?: Buffer };
    if (e.code === "ENOENT") throw environmentError("E_GIT", "git is not installed or not on PATH; `plan --base` reads the base ref with git", { cause: err });
    throw Object.assign(new Error(String(e.stderr ?? "").trim() || String(err)), { gitStderr: String(e.stderr ?? "").trim() });
  }
}

/**
 * Opens `ref` in the repository holding `cwd`, read-only (`git rev-parse`, `git ls-tree`, `git cat-file --batch`).
 * Not a repository, or an unknown ref: a usage error (exit 2); git missing: exit 3.
 */
export function openGitRef(cwd: string, ref: string): GitReader {
  if (ref === "" || ref.startsWith("-")) throw usageError("E_USAGE", `invalid --base ${JSON.stringify(ref)}; expected a git ref such as origin/main or HEAD^1`);
  let commit: string;
  try {
    git(cwd, ["rev-parse", "--is-inside-work-tree"]);
  } catch (err) {
    if ((err as { code?: string }).code === "E_GIT") throw err;
    throw usageError("E_GIT_REPO", `${cwd} is not inside a git repository; --base compares against a git ref`);
  }
  try {
    commit = git(cwd, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]).toString("utf8").trim();
  } catch (err) {
    if ((err as { code?: string }).code === "E_GIT") throw err;
    throw usageError("E_GIT_REF", `unknown git ref ${JSON.stringify(ref)}; expected a branch, tag or commit (in CI, fetch it first: git fetch origin main)`);
  }
  return {
    commit,
    list(dir) {
      const prefix = dir === "" || dir === "." ? "" : dir.replace(/\/+$/, "") + "/";
      // Paths in ls-tree's output are relative to cwd, like the argument.
      const out = git(cwd, ["ls-tree", "-z", commit, "--", prefix === "" ? "." : prefix]).toString("utf8");
      const entries: GitEntry[] = [];
      for (const line of out.split("\0")) {
        const m = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(line);
        if (m === null || m[2] !== "blob" || m[1] === "120000") continue;
        entries.push({ path: m[4]!, oid: m[3]! });
      }
      return entries;
    },
    changed(paths) {
      const out = git(cwd, ["diff", "--name-only", "--relative", "-z", commit, "--", ...paths]).toString("utf8");
      return out.split("\0").filter((p) => p !== "");
    },
    read(oids) {
      const result = new Map<string, Uint8Array>();
      if (oids.length === 0) return result;
      const out = git(cwd, ["cat-file", "--batch"], Buffer.from(oids.join("\n") + "\n"));
      let at = 0;
      while (at < out.length) {
        const nl = out.indexOf(10, at);
        const header = out.subarray(at, nl).toString("utf8");
        const m = /^([0-9a-f]+) blob (\d+)$/.exec(header);
        if (m === null) throw new Error(`git cat-file: unexpected answer ${JSON.stringify(header)}`);
        const size = Number(m[2]);
        result.set(m[1]!, out.subarray(nl + 1, nl + 1 + size));
        at = nl + 1 + size + 1;
      }
      return result;
    },
  };
}
