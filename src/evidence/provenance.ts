import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { isAbsolute, relative, resolve } from "node:path";
import { gitCommit } from "./git";
import type { InputDigest, Provenance } from "./manifest";

export interface ProvenanceRequest {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: Date;
  readonly toolVersion: string;
  /**
   * Files the bundle is made from (paths as given, relative to cwd or absolute); with `content`, the bytes the run
   * read and used (digested as they are, not read again: the digest is of what was validated).
   */
  readonly inputs: readonly { readonly kind: InputDigest["kind"]; readonly path: string; readonly content?: Uint8Array }[];
  readonly policy: Provenance["policy"];
  /** The output folder, left out of the working-tree check (the bundle itself is not a change). */
  readonly out?: string;
  /** The working tree's state (gitDirty: the caller starts it early, git runs while it does other work). */
  readonly dirty: GitDirty;
}

export type GitDirty = { dirty: boolean | "unknown"; changes?: string[] };

/**
 * What produced a bundle, read from the environment (an edge: reads files, runs `git status`): tool version, commit
 * and whether the tree was dirty, operator and host, the input files' digests, and the policy in force.
 */
export function collectProvenance(req: ProvenanceRequest): Provenance {
  const at = req.now.toISOString();
  return {
    toolVersion: req.toolVersion,
    git: { commit: gitCommit(req.cwd), ...req.dirty },
    generatedBy: { operator: operator(req.env), host: safe(() => hostname(), "unknown") },
    generatedAt: at,
    period: { kind: "point-in-time", from: at, to: at },
    inputs: req.inputs.map((i) => digest(req.cwd, i.kind, i.path, i.content)),
    policy: req.policy,
  };
}

function digest(cwd: string, kind: InputDigest["kind"], path: string, content?: Uint8Array): InputDigest {
  const bytes = content ?? readFileSync(isAbsolute(path) ? path : resolve(cwd, path));
  return { kind, path, sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.byteLength };
}

/** $EMAILMATE_OPERATOR, else the login name (as the incident runner names its operator). */
function operator(env: Readonly<Record<string, string | undefined>>): string {
  const named = env.EMAILMATE_OPERATOR?.trim();
  if (named) return named;
  return safe(() => userInfo().username, "unknown");
}

/**
 * `git status --porcelain` (tracked changes and untracked files, not ignored ones); "unknown" without git. Without
 * blocking: the evidence run starts it before planning, git looks at the tree while the checks run.
 */
export function gitDirty(cwd: string, out?: string): Promise<GitDirty> {
  return new Promise((done) => {
    try {
      const child = execFile("git", statusArgs(cwd, out), { cwd, encoding: "utf8", timeout: 20_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout) =>
        done(err ? { dirty: "unknown" } : dirtyOf(stdout)),
      );
      child.stdin?.end();
    } catch {
      done({ dirty: "unknown" });
    }
  });
}

function statusArgs(cwd: string, out: string | undefined): string[] {
  const args = ["status", "--porcelain", "--untracked-files=all", "--", "."];
  if (out !== undefined) {
    const rel = relative(cwd, isAbsolute(out) ? out : resolve(cwd, out));
    if (rel !== "" && !rel.startsWith("..") && !isAbsolute(rel)) args.push(`:(exclude)${rel}`);
  }
  return args;
}

function dirtyOf(text: string): GitDirty {
  const changes = text.split("\n").filter((l) => l.trim() !== "").map((l) => l.slice(3));
  return changes.length === 0 ? { dirty: false } : { dirty: true, changes: changes.slice(0, 50) };
}

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}
