import { closeSync, openSync, readSync, writeSync } from "node:fs";

/**
 * Synchronous line-at-a-time file reading and buffered writing for the export's spill, merge and verify passes:
 * a fixed buffer per file, so memory stays flat however large the file. Lines split on the byte 0x0A, which never
 * occurs inside a multi-byte UTF-8 sequence.
 */
export class LineReader {
  private readonly fd: number;
  private readonly chunk: Buffer;
  private pending: Buffer = Buffer.alloc(0);
  private eof = false;
  /** 1-based number of the line last returned. */
  lineNumber = 0;

  constructor(path: string, chunkSize = 1 << 18) {
    this.fd = openSync(path, "r");
    this.chunk = Buffer.allocUnsafe(chunkSize);
  }

  /** The next line's bytes without its "\n" (a last line without "\n" is returned too); undefined at the end. */
  nextBytes(): Buffer | undefined {
    for (;;) {
      const nl = this.pending.indexOf(0x0a);
      if (nl >= 0) {
        const line = this.pending.subarray(0, nl);
        this.pending = this.pending.subarray(nl + 1);
        this.lineNumber++;
        return line;
      }
      if (this.eof) {
        if (this.pending.length === 0) return undefined;
        const line = this.pending;
        this.pending = Buffer.alloc(0);
        this.lineNumber++;
        return line;
      }
      const n = readSync(this.fd, this.chunk, 0, this.chunk.length, null);
      if (n === 0) this.eof = true;
      else this.pending = this.pending.length === 0 ? Buffer.from(this.chunk.subarray(0, n)) : Buffer.concat([this.pending, this.chunk.subarray(0, n)]);
    }
  }

  next(): string | undefined {
    return this.nextBytes()?.toString("utf8");
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Line-at-a-time reading as strings, for the merge: each read decodes every complete line in the buffer at once (up to
 * the last "\n", so no UTF-8 sequence is cut) and lines are slices of that text — one decode per buffer instead of a
 * Buffer and a decode per line. The partial last line moves to the front of the buffer for the next read; the buffer
 * grows only for a line longer than it.
 */
export class TextLineReader {
  private readonly fd: number;
  private chunk: Buffer;
  /** Bytes at the front of `chunk` that belong to a line not complete yet. */
  private carry = 0;
  private text = "";
  private pos = 0;
  private eof = false;

  /** 64 KiB by default: the decoded text stays a young-generation string (not in V8's large-object space). */
  constructor(path: string, chunkSize = 1 << 16) {
    this.fd = openSync(path, "r");
    this.chunk = Buffer.allocUnsafe(chunkSize);
  }

  /** The next line without its "\n" (a last line without "\n" is returned too); undefined at the end. */
  next(): string | undefined {
    for (;;) {
      const nl = this.text.indexOf("\n", this.pos);
      if (nl >= 0) {
        const line = this.text.slice(this.pos, nl);
        this.pos = nl + 1;
        return line;
      }
      if (this.eof) {
        if (this.pos >= this.text.length) return undefined;
        const line = this.text.slice(this.pos);
        this.pos = this.text.length;
        return line;
      }
      this.fill();
    }
  }

  private fill(): void {
    if (this.carry === this.chunk.length) {
      const bigger = Buffer.allocUnsafe(this.chunk.length * 2);
      this.chunk.copy(bigger, 0, 0, this.carry);
      this.chunk = bigger;
    }
    const n = readSync(this.fd, this.chunk, this.carry, this.chunk.length - this.carry, null);
    this.pos = 0;
    if (n === 0) {
      this.eof = true;
      this.text = this.chunk.toString("utf8", 0, this.carry);
      this.carry = 0;
      return;
    }
    const end = this.carry + n;
    const nl = this.chunk.lastIndexOf(0x0a, end - 1);
    if (nl < 0) {
      this.carry = end;
      this.text = "";
      return;
    }
    this.text = this.chunk.toString("utf8", 0, nl + 1);
    this.chunk.copy(this.chunk, 0, nl + 1, end);
    this.carry = end - nl - 1;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Appends strings to a file through a buffer of about `flushAt` characters. `onChunk` sees every chunk of bytes as it
 * is written (the export hashes and counts its files that way, once per chunk instead of once per record).
 */
export class BufferedWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;

  constructor(
    path: string,
    flags: "w" | "a" | "r+" = "w",
    private readonly flushAt = 1 << 20,
    private readonly onChunk?: (bytes: Buffer) => void,
  ) {
    this.fd = openSync(path, flags);
  }

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= this.flushAt) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const bytes = Buffer.from(this.parts.join(""), "utf8");
    this.onChunk?.(bytes);
    writeSync(this.fd, bytes);
    this.parts = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
