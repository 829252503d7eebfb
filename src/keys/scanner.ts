import { isValidKey, KEY_LENGTH, KEY_PATTERN_SOURCE, maskKey } from "./format";
import { keyHash } from "./record";

/** A key found in text: where (1-based line and column, in characters), masked, and its hash. Never the key. */
export interface KeyHit {
  readonly line: number;
  readonly col: number;
  readonly masked: string;
  readonly sha256: string;
}

const WORD = /[0-9A-Za-z_]/;
const NON_ASCII = /[\x80-\xff]/;

/**
 * Finds keys with a valid checksum in a stream of bytes fed in chunks, with bounded memory: it keeps at most one
 * key's length of text between chunks, so a key split across two chunks is still found, once. Columns count
 * characters of UTF-8 text (continuation bytes are not counted).
 */
export class KeyScanner {
  private buf = "";
  /** Absolute offset of buf[0] in the stream. */
  private base = 0;
  /** The cursor: absolute offset up to which line and column are known. */
  private cursor = 0;
  private line = 1;
  private lineStart = 0;
  /** UTF-8 continuation bytes between lineStart and cursor. */
  private continuation = 0;
  /** The character just before buf[0] (for the boundary check), "" at the start of the stream. */
  private prev = "";
  /** Matches must start at or after this (a reported key is not reported again). */
  private minStart = 0;
  private readonly regex = new RegExp(KEY_PATTERN_SOURCE, "g");
  readonly hits: KeyHit[] = [];
  bytes = 0;

  feed(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.buf += chunk.toString("latin1");
    this.scan(false);
  }

  end(): KeyHit[] {
    this.scan(true);
    return this.hits;
  }

  private scan(final: boolean): void {
    const { buf, base } = this;
    this.regex.lastIndex = Math.max(0, this.minStart - base);
    let m: RegExpExecArray | null;
    while ((m = this.regex.exec(buf)) !== null) {
      const at = m.index;
      const after = at + KEY_LENGTH;
      // A match touching the end of the buffer may continue in the next chunk: decide it then.
      if (!final && after >= buf.length) break;
      const before = at === 0 ? (base === 0 ? "" : this.prev) : buf[at - 1]!;
      if ((before !== "" && WORD.test(before)) || (after < buf.length && WORD.test(buf[after]!))) {
        this.regex.lastIndex = at + 1;
        continue;
      }
      const key = m[0];
      if (!isValidKey(key)) {
        this.regex.lastIndex = at + 1;
        continue;
      }
      this.advance(base + at);
      this.hits.push({ line: this.line, col: base + at - this.lineStart - this.continuation + 1, masked: maskKey(key), sha256: keyHash(key) });
      this.minStart = base + after;
    }
    if (final) return;
    // Keep the last key-length of text (a key may be cut in two) plus one character for the boundary check.
    const keep = Math.max(0, buf.length - KEY_LENGTH);
    this.advance(base + keep);
    this.prev = keep > 0 ? buf[keep - 1]! : this.prev;
    this.buf = buf.slice(keep);
    this.base = base + keep;
  }

  /** Moves the cursor to `to` (absolute), counting lines and continuation bytes on the way. */
  private advance(to: number): void {
    if (to <= this.cursor) return;
    const from = this.cursor - this.base;
    const end = to - this.base;
    const nl = this.buf.lastIndexOf("\n", end - 1);
    let segmentStart = from;
    if (nl >= from) {
      for (let i = this.buf.indexOf("\n", from); i !== -1 && i < end; i = this.buf.indexOf("\n", i + 1)) this.line++;
      this.lineStart = this.base + nl + 1;
      this.continuation = 0;
      segmentStart = nl + 1;
    }
    const segment = this.buf.slice(segmentStart, end);
    if (NON_ASCII.test(segment)) for (let i = 0; i < segment.length; i++) if ((segment.charCodeAt(i) & 0xc0) === 0x80) this.continuation++;
    this.cursor = to;
  }
}

/** All keys in one string or buffer (a convenience over KeyScanner). */
export function scanText(text: string | Buffer): KeyHit[] {
  const s = new KeyScanner();
  s.feed(typeof text === "string" ? Buffer.from(text, "utf8") : text);
  return s.end();
}
