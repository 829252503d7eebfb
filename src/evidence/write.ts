import { createHash } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { environmentError, OpsError, usageError } from "../core/errors";
import { makeDirs, nodeBundleFs, type BundleFs } from "./fsPort";

/** One file of the bundle, produced in chunks so that no file is ever whole in memory. */
export interface BundleFile {
  readonly path: string;
  chunks(): Iterable<string>;
}

export interface WrittenFile {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface WriteOptions {
  readonly fs?: BundleFs;
  readonly pid?: number;
  /** Whether a process is running (leftovers of a crashed run are cleaned up, those of a running one are not). */
  readonly isAlive?: (pid: number) => boolean;
}

const MANIFEST = "manifest.json";
/** Inside a folder being built: the names carried over from the folder it replaces (for recovery after a crash). */
const CARRIED = ".emailmate-carried";
const FLUSH_BYTES = 1 << 20;

/**
 * Writes the bundle atomically: every file is streamed (hashed as written, fsync'd) into a folder next to `dir`,
 * then `manifest.json` from `finish(written)`, then the folder replaces `dir` by rename. An interrupted run leaves the
 * previous bundle in place (a later run cleans up after it); no file of an older bundle remains; files in `dir` that
 * are not part of a bundle (by its manifest) are carried over, never deleted. Returns the files with their digests.
 */
export function writeBundle(dir: string, files: readonly BundleFile[], finish: (written: readonly WrittenFile[]) => string, options: WriteOptions = {}): WrittenFile[] {
  const fs = options.fs ?? nodeBundleFs;
  const pid = options.pid ?? process.pid;
  const isAlive = options.isAlive ?? processAlive;
  const parent = dirname(dir);
  const base = basename(dir);
  const tmp = join(parent, `.${base}.tmp-${pid}`);
  const old = join(parent, `.${base}.old-${pid}`);
  let existing: { isDirectory(): boolean } | undefined;
  try {
    existing = fs.stat(dir);
    if (existing !== undefined && !existing.isDirectory()) throw usageError("E_OUT_NOT_FOLDER", `${dir} is a file; expected a folder for the evidence bundle`);
    if (existing !== undefined && fs.stat(join(dir, ".git")) !== undefined) {
      throw usageError("E_OUT_NOT_BUNDLE", `${dir} holds a git repository; the evidence bundle replaces its --out folder, so give a folder of its own (e.g. out/evidence)`);
    }
    makeDirs(fs, parent);
    recover(fs, parent, base, dir, (p) => p !== pid && isAlive(p));
    existing = fs.stat(dir);
    fs.remove(tmp);
    fs.mkdir(tmp);
    const buf = Buffer.allocUnsafe(FLUSH_BYTES);
    const written = files.map((f) => writeFile(fs, join(tmp, f.path), f, buf));
    writeFile(fs, join(tmp, MANIFEST), { path: MANIFEST, chunks: () => [finish(written)] }, buf);
    if (existing === undefined) fs.rename(tmp, dir);
    else {
      const keep = new Set([...written.map((w) => w.path), MANIFEST]);
      const carried = foreignEntries(fs, dir).filter((e) => !keep.has(e));
      if (carried.length > 0) {
        writeFile(fs, join(tmp, CARRIED), { path: CARRIED, chunks: () => [carried.join("\n") + "\n"] }, buf);
        for (const e of carried) fs.rename(join(dir, e), join(tmp, e));
      }
      fs.rename(dir, old);
      fs.rename(tmp, dir);
      fs.remove(old);
      fs.remove(join(dir, CARRIED));
    }
    return written;
  } catch (err) {
    if (err instanceof OpsError) throw err;
    try {
      recover(fs, parent, base, dir, (p) => p !== pid);
    } catch {
      // keep the first error; leftovers are cleaned up by the next run
    }
    throw writeError(err, dir);
  }
}

function writeFile(fs: BundleFs, path: string, file: BundleFile, buf: Buffer): WrittenFile {
  const hash = createHash("sha256");
  const fd = fs.open(path);
  let bytes = 0;
  try {
    // chunks are encoded straight into one reused buffer (no joined copy of each megabyte, no new buffer per write)
    let used = 0;
    const out = (data: Buffer) => {
      hash.update(data);
      bytes += data.length;
      fs.write(fd, data);
    };
    const flush = () => {
      if (used > 0) out(buf.subarray(0, used));
      used = 0;
    };
    for (const chunk of file.chunks()) {
      // a UTF-16 code unit takes at most 3 bytes in UTF-8
      if (used + chunk.length * 3 > buf.length) {
        flush();
        if (chunk.length * 3 > buf.length) {
          out(Buffer.from(chunk, "utf8"));
          continue;
        }
      }
      used += buf.write(chunk, used, "utf8");
    }
    flush();
    fs.fsync(fd);
  } catch (err) {
    // write(2) errors name the descriptor, not the file
    const e = err as { path?: unknown };
    if (typeof e === "object" && e !== null && typeof e.path !== "string") Object.assign(e, { path });
    throw err;
  } finally {
    fs.close(fd);
  }
  return { path: file.path, sha256: hash.digest("hex"), bytes };
}

/** Entries of the folder that its own manifest does not list (all of them when it has none). */
function foreignEntries(fs: BundleFs, dir: string): string[] {
  const entries = fs.readdir(dir);
  let listed = new Set<string>();
  try {
    const m = JSON.parse(fs.readFile(join(dir, MANIFEST))) as { kind?: unknown; files?: { path?: unknown }[] };
    if ((m.kind === "emailmate-ops/soc2-evidence" || m.kind === "emailmate-ops/soc2-period-evidence") && Array.isArray(m.files)) listed = new Set([MANIFEST, "manifest.sig.json", ...m.files.map((f) => String(f.path))]);
  } catch {
    // no manifest: nothing in the folder is known to be a bundle file
  }
  return entries.filter((e) => !listed.has(e) && e !== CARRIED);
}

/**
 * Puts things right after a run that died (`dead(pid)`): restores the previous bundle if it was moved aside and not
 * replaced, moves entries carried over back, and removes the leftover folders.
 */
function recover(fs: BundleFs, parent: string, base: string, dir: string, alive: (pid: number) => boolean): void {
  const re = new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(tmp|old)-(\\d+)$`);
  const leftovers = fs
    .readdir(parent)
    .map((name) => ({ name, m: re.exec(name) }))
    .filter((x) => x.m !== null && !alive(Number(x.m[2])))
    .sort((a, b) => (a.m![1] === b.m![1] ? 0 : a.m![1] === "old" ? -1 : 1));
  for (const { name, m } of leftovers) {
    const path = join(parent, name);
    if (m![1] === "old") {
      if (fs.stat(dir) === undefined) fs.rename(path, dir);
      else fs.remove(path);
      continue;
    }
    let carried: string[] = [];
    try {
      carried = fs.readFile(join(path, CARRIED)).split("\n").filter((e) => e !== "");
    } catch {
      // nothing was carried over
    }
    for (const e of carried) if (fs.stat(join(path, e)) !== undefined && fs.stat(join(dir, e)) === undefined) fs.rename(join(path, e), join(dir, e));
    fs.remove(path);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: unknown }).code === "EPERM";
  }
}

const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOENT: "the folder cannot be created there",
  ENOTDIR: "a part of the path is not a folder",
  EIO: "input/output error",
};

/** A file-system refusal while writing the bundle: the environment's problem (exit 3), not a bug (exit 70). */
function writeError(err: unknown, dir: string): OpsError {
  const e = err as { code?: unknown; path?: unknown; syscall?: unknown; message?: unknown };
  const code = typeof e?.code === "string" ? e.code : "unknown";
  const where = typeof e?.path === "string" && typeof e.syscall === "string" ? ` (${e.syscall} ${e.path})` : "";
  const reason = REASONS[code] ?? (typeof e?.message === "string" ? e.message : String(err));
  return environmentError("E_EVIDENCE_WRITE", `cannot write the evidence bundle to ${dir}: ${reason} [${code}]${where}; the previous bundle, if any, is unchanged`, {
    hint: code === "ENOSPC" || code === "EDQUOT" ? "free some space, or give --out on another disk" : "check that --out is a folder you can write to",
    cause: err,
  });
}
