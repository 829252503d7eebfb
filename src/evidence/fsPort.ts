import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The file-system calls the bundle writer makes, behind a port so tests can make any of them fail (a full disk,
 * a read-only mount) without a real one. Errors are Node's (`code`, `syscall`, `path`).
 */
export interface BundleFs {
  /** undefined when nothing is at `path`. */
  stat(path: string): { isDirectory(): boolean } | undefined;
  /** Creates one folder (not its parents). */
  mkdir(path: string): void;
  readdir(path: string): string[];
  readFile(path: string): string;
  open(path: string): number;
  /** Writes all of `data`; it is valid only during the call (the writer reuses its buffer). */
  write(fd: number, data: Buffer): void;
  fsync(fd: number): void;
  close(fd: number): void;
  rename(from: string, to: string): void;
  /** Removes a file or a folder tree; nothing there is fine. */
  remove(path: string): void;
}

export const nodeBundleFs: BundleFs = {
  stat(path) {
    try {
      return statSync(path);
    } catch (err) {
      if ((err as { code?: unknown }).code === "ENOENT") return undefined;
      throw err;
    }
  },
  mkdir: (path) => mkdirSync(path),
  readdir: (path) => readdirSync(path),
  readFile: (path) => readFileSync(path, "utf8"),
  open: (path) => openSync(path, "wx"),
  write(fd, data) {
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
  },
  fsync: (fd) => fsyncSync(fd),
  close: (fd) => closeSync(fd),
  rename: (from, to) => renameSync(from, to),
  remove: (path) => rmSync(path, { recursive: true, force: true }),
};

/**
 * `mkdir -p` without Node's `{recursive: true}`: that loops forever at 100 % CPU where mkdir answers ENOENT although
 * the parent exists (under /proc: `mkdir /proc/nope` → ENOENT, `mkdir /proc` → EEXIST, again…), and reports a full
 * disk as ENOENT. Here the nearest existing ancestor is found first, then each missing folder is created once;
 * any refusal is thrown as is.
 */
export function makeDirs(fs: BundleFs, dir: string): void {
  const missing: string[] = [];
  let cur = dir;
  for (;;) {
    const st = fs.stat(cur);
    if (st !== undefined) {
      if (!st.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: "ENOTDIR", syscall: "mkdir", path: cur });
      break;
    }
    missing.push(cur);
    const parent = dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  for (const d of missing.reverse()) fs.mkdir(d);
}
