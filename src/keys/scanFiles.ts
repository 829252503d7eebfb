import { closeSync, lstatSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { KeyScanner, type KeyHit } from "./scanner";

/** A key found in a file (or `-` for stdin). */
export interface FileKeyHit extends KeyHit {
  readonly file: string;
}

export interface ScanSummary {
  readonly hits: FileKeyHit[];
  readonly files: number;
  readonly bytes: number;
  /** Files skipped because they look binary (a NUL byte in their first 8 KiB). */
  readonly skippedBinary: string[];
  /** Files and folders inside the tree that could not be read, with the reason (the scan goes on). */
  readonly unreadable: string[];
}

/** Folders never entered: dependencies and version-control internals. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(["node_modules", ".git"]);
const CHUNK = 64 * 1024;
const SNIFF = 8 * 1024;

type Acc = { hits: FileKeyHit[]; files: number; bytes: number; skippedBinary: string[]; unreadable: string[] };

/**
 * Scans files and folders (recursively; symbolic links inside folders are not followed; node_modules and .git
 * skipped; binaries skipped) for keys with a valid checksum. Reads 64 KiB at a time: memory stays flat whatever the
 * file sizes. A path given that does not exist throws; something unreadable inside a folder is listed and skipped.
 */
export async function scanPaths(paths: readonly string[], resolve: (p: string) => string = (p) => p): Promise<ScanSummary> {
  const acc: Acc = { hits: [], files: 0, bytes: 0, skippedBinary: [], unreadable: [] };
  const buffer = Buffer.allocUnsafe(CHUNK);
  // Synchronous reads: one file at a time is all a scan needs, and it avoids a promise per 64 KiB read.
  const visit = (shown: string, given: boolean): void => {
    const real = resolve(shown);
    try {
      const st = given ? statSync(real) : lstatSync(real);
      if (st.isDirectory()) {
        const entries = readdirSync(real, { withFileTypes: true }).filter((e) => !(e.isDirectory() && SKIPPED_DIRS.has(e.name)));
        for (const name of entries.map((e) => e.name).sort()) visit(join(shown, name), false);
      } else if (st.isFile()) scanFile(shown, real, buffer, acc);
    } catch (err) {
      if (given) throw err;
      acc.unreadable.push(`${shown} (${(err as NodeJS.ErrnoException).code ?? "error"})`);
    }
  };
  for (const p of paths) visit(p, true);
  return acc;
}

function scanFile(shown: string, real: string, buffer: Buffer, acc: Acc): void {
  const fd = openSync(real, "r");
  try {
    const scanner = new KeyScanner();
    for (let first = true; ; first = false) {
      const bytesRead = readSync(fd, buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      if (first && chunk.subarray(0, SNIFF).includes(0)) {
        acc.skippedBinary.push(shown);
        return;
      }
      scanner.feed(chunk);
    }
    for (const h of scanner.end()) acc.hits.push({ file: shown, ...h });
    acc.files++;
    acc.bytes += scanner.bytes;
  } finally {
    closeSync(fd);
  }
}

/** Scans a stream (stdin) chunk by chunk; hits are reported as file `-`. */
export async function scanStream(stream: Readable | NodeJS.ReadableStream, name = "-"): Promise<ScanSummary> {
  const scanner = new KeyScanner();
  for await (const chunk of stream) scanner.feed(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : (chunk as Buffer));
  return { hits: scanner.end().map((h) => ({ file: name, ...h })), files: 1, bytes: scanner.bytes, skippedBinary: [], unreadable: [] };
}
