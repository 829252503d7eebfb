import { appendFileSync, statSync } from "node:fs";
import { BufferedWriter, TextLineReader } from "./lineFiles";

/**
 * One validated event on its way to the output: sort key (epoch ms of its timestamp, then eventId, then its canonical
 * JSON as a final tie-break so the order is total and every run produces the same bytes), the JSON itself, and — in
 * JSONL exports — the hex RFC 6962 leaf hash of that JSON as a record, computed at admission ("" otherwise).
 */
export interface SortEntry {
  readonly ms: number;
  readonly id: string;
  readonly leaf: string;
  readonly json: string;
}

export function compareEntries(a: SortEntry, b: SortEntry): number {
  if (a.ms !== b.ms) return a.ms - b.ms;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return a.json < b.json ? -1 : a.json > b.json ? 1 : 0;
}

/** Spill-file line: `ms \t eventId \t leaf \t json` (JSON never holds a raw tab or newline). */
export function runLine(e: SortEntry): string {
  return `${e.ms}\t${e.id}\t${e.leaf}\t${e.json}\n`;
}

export function parseRunLine(line: string): SortEntry {
  const t1 = line.indexOf("\t");
  const t2 = line.indexOf("\t", t1 + 1);
  const t3 = line.indexOf("\t", t2 + 1);
  return { ms: Number(line.slice(0, t1)), id: line.slice(t1 + 1, t2), leaf: line.slice(t2 + 1, t3), json: line.slice(t3 + 1) };
}

/** Appends run lines (UTF-8) to a file, created if need be; returns the file's size afterwards. */
export function appendRun(path: string, bytes: Uint8Array): number {
  appendFileSync(path, bytes);
  return statSync(path).size;
}

interface Cursor {
  entry: SortEntry;
  reader: TextLineReader;
  order: number;
}

/** A binary min-heap of cursors by entry (then by run order, so equal entries come out in a fixed order). */
class CursorHeap {
  private readonly items: Cursor[] = [];

  get size(): number {
    return this.items.length;
  }

  private less(a: Cursor, b: Cursor): boolean {
    const c = compareEntries(a.entry, b.entry);
    return c < 0 || (c === 0 && a.order < b.order);
  }

  push(c: Cursor): void {
    const items = this.items;
    items.push(c);
    let i = items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(items[i] as Cursor, items[p] as Cursor)) break;
      [items[i], items[p]] = [items[p] as Cursor, items[i] as Cursor];
      i = p;
    }
  }

  peek(): Cursor | undefined {
    return this.items[0];
  }

  /** Re-establishes the heap after the top cursor advanced (or removes it when exhausted). */
  fixTop(exhausted: boolean): void {
    const items = this.items;
    if (exhausted) {
      const last = items.pop() as Cursor;
      if (items.length === 0) return;
      items[0] = last;
    }
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < items.length && this.less(items[l] as Cursor, items[m] as Cursor)) m = l;
      if (r < items.length && this.less(items[r] as Cursor, items[m] as Cursor)) m = r;
      if (m === i) return;
      [items[i], items[m]] = [items[m] as Cursor, items[i] as Cursor];
      i = m;
    }
  }
}

/** How many run files one merge pass opens at once. */
export const MERGE_FAN_IN = 64;

/**
 * K-way merges sorted run files into one ordered stream of entries, read with `next()`, in passes of at most `fanIn`
 * files: with more runs, groups are first merged into intermediate runs under `scratch(n)` (when constructed).
 * Memory: one read buffer per open run.
 */
export class RunMerger {
  private readonly heap = new CursorHeap();

  constructor(paths: readonly string[], scratch: (n: number) => string, fanIn = MERGE_FAN_IN) {
    let current = [...paths];
    let made = 0;
    while (current.length > fanIn) {
      const next: string[] = [];
      for (let i = 0; i < current.length; i += fanIn) {
        const target = scratch(made++);
        const out = new BufferedWriter(target);
        const pass = new RunMerger(current.slice(i, i + fanIn), scratch, fanIn);
        for (let e = pass.next(); e !== undefined; e = pass.next()) out.write(runLine(e));
        out.close();
        next.push(target);
      }
      current = next;
    }
    current.forEach((path, order) => {
      const reader = new TextLineReader(path);
      const line = reader.next();
      if (line === undefined || line === "") reader.close();
      else this.heap.push({ entry: parseRunLine(line), reader, order });
    });
  }

  /** The next entry in order; undefined at the end. */
  next(): SortEntry | undefined {
    const top = this.heap.peek();
    if (top === undefined) return undefined;
    const entry = top.entry;
    const line = top.reader.next();
    if (line === undefined || line === "") {
      top.reader.close();
      this.heap.fixTop(true);
    } else {
      top.entry = parseRunLine(line);
      this.heap.fixTop(false);
    }
    return entry;
  }
}
