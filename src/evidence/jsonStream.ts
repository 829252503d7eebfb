/**
 * `JSON.stringify(value, null, 2)`, in chunks: arrays and objects down to `depth` are walked, deeper values are
 * stringified whole. The text is byte-for-byte the same; a report with 100,000s of findings never exists as one string.
 */
export function* prettyJson(value: unknown, depth = 2, level = 0): Generator<string> {
  const pad = "  ".repeat(level);
  if (level < depth && Array.isArray(value)) {
    if (value.length === 0) return yield "[]";
    yield "[\n";
    for (let i = 0; i < value.length; i++) {
      yield `${pad}  `;
      const v: unknown = value[i];
      yield* v === undefined || typeof v === "function" ? ["null"] : prettyJson(v, depth, level + 1);
      yield i < value.length - 1 ? ",\n" : "\n";
    }
    return yield `${pad}]`;
  }
  if (level < depth && typeof value === "object" && value !== null && !("toJSON" in value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== "function");
    if (entries.length === 0) return yield "{}";
    yield "{\n";
    for (let i = 0; i < entries.length; i++) {
      const [k, v] = entries[i]!;
      yield `${pad}  ${JSON.stringify(k)}: `;
      yield* prettyJson(v, depth, level + 1);
      yield i < entries.length - 1 ? ",\n" : "\n";
    }
    return yield `${pad}}`;
  }
  yield (JSON.stringify(value, null, 2) ?? "null").replace(/\n/g, `\n${pad}`);
}
