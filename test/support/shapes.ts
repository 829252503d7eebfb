/** A copy of `doc` with the value at `path` replaced (objects and lists copied along the path). */
export function withValue(doc: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy = (Array.isArray(doc) ? [...doc] : { ...(doc as object) }) as Record<string | number, unknown>;
  copy[head!] = withValue(copy[head!], rest, value);
  return copy;
}
