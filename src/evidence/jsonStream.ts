/** Chunks of about this many characters are handed to the writer (tiny chunks cost more in generator hops than in bytes). */
const CHUNK_CHARS = 1 << 16;

/** How values below `depth` are written: indented as JSON.stringify(v, null, 2) does, or on one line each. */
export type JsonLeaves = "pretty" | "one-line";

/**
 * `JSON.stringify(value, null, 2)`, in chunks: arrays and objects down to `depth` are walked, deeper values are
 * stringified whole. With `leaves: "pretty"` the text is byte-for-byte the same; with `"one-line"` each deeper value
 * takes one line (a findings list reads, greps and diffs a finding per line, at half the size). A report with
 * 100,000s of findings never exists as one string (chunks are about CHUNK_CHARS long, plus at most one value).
 */
export function* prettyJson(value: unknown, depth = 2, leaves: JsonLeaves = "pretty"): Generator<string> {
  const out = new Buffered();
  yield* walk(value, depth, 0, out, leaves === "pretty" ? prettyLeaf : oneLineLeaf);
  if (out.size > 0) yield out.take();
}

class Buffered {
  private parts: string[] = [];
  size = 0;
  push(s: string): void {
    this.parts.push(s);
    this.size += s.length;
  }
  take(): string {
    const s = this.parts.join("");
    this.parts = [];
    this.size = 0;
    return s;
  }
}

const isWalked = (value: unknown, level: number, depth: number): value is object =>
  level < depth && typeof value === "object" && value !== null && (Array.isArray(value) || !("toJSON" in value));

type Leaf = (value: unknown, pad: string, out: Buffered) => undefined;

/** Writes `value` into `out`, yielding whenever `out` has grown past CHUNK_CHARS; only containers get a generator. */
function* walk(value: unknown, depth: number, level: number, out: Buffered, leaf: Leaf): Generator<string> {
  const pad = "  ".repeat(level);
  const member = (v: unknown) => (isWalked(v, level + 1, depth) ? walk(v, depth, level + 1, out, leaf) : leaf(v, `${pad}  `, out));
  if (!isWalked(value, level, depth)) return leaf(value, pad, out);
  if (Array.isArray(value)) {
    if (value.length === 0) return out.push("[]");
    out.push("[\n");
    for (let i = 0; i < value.length; i++) {
      out.push(`${pad}  `);
      const v: unknown = value[i];
      const w = member(v === undefined || typeof v === "function" ? null : v);
      if (w !== undefined) yield* w;
      out.push(i < value.length - 1 ? ",\n" : "\n");
      if (out.size >= CHUNK_CHARS) yield out.take();
    }
    return out.push(`${pad}]`);
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== "function");
  if (entries.length === 0) return out.push("{}");
  out.push("{\n");
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    out.push(`${pad}  ${JSON.stringify(k)}: `);
    const w = member(v);
    if (w !== undefined) yield* w;
    out.push(i < entries.length - 1 ? ",\n" : "\n");
    if (out.size >= CHUNK_CHARS) yield out.take();
  }
  out.push(`${pad}}`);
}

function prettyLeaf(value: unknown, pad: string, out: Buffered): undefined {
  const text = JSON.stringify(value, null, 2) ?? "null";
  out.push(pad === "" || !text.includes("\n") ? text : text.replace(/\n/g, `\n${pad}`));
  return undefined;
}

function oneLineLeaf(value: unknown, _pad: string, out: Buffered): undefined {
  out.push(JSON.stringify(value) ?? "null");
  return undefined;
}
