/** Items serialised per write when an array is streamed. */
const CHUNK = 500;

/**
 * Writes `JSON.stringify(data, null, 2) + "\n"` — byte for byte — without building it as one string: the array at
 * `key` (a plan's resources: 160,000 at 10,000 tenants, ~260 MB of JSON) goes out in chunks, so peak memory stays
 * near the data's own size. Other keys are written whole.
 */
export function writeJsonStreamingArray(data: object, key: string, write: (text: string) => void): void {
  const entries = Object.entries(data).filter(([, v]) => v !== undefined && typeof v !== "function");
  if (entries.length === 0) {
    write("{}\n");
    return;
  }
  write("{");
  entries.forEach(([k, v], i) => {
    write(`${i === 0 ? "" : ","}\n  ${JSON.stringify(k)}: `);
    if (k !== key || !Array.isArray(v) || v.length === 0) {
      write(JSON.stringify(v, null, 2).replace(/\n/g, "\n  "));
      return;
    }
    write("[");
    for (let at = 0; at < v.length; at += CHUNK) {
      const parts = v.slice(at, at + CHUNK).map((item, j) => `${at + j === 0 ? "" : ","}\n    ${(JSON.stringify(item, null, 2) ?? "null").replace(/\n/g, "\n    ")}`);
      write(parts.join(""));
    }
    write("\n  ]");
  });
  write("\n}\n");
}
