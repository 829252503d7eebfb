/** A plain left-aligned text table for terminal output. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}

/** How many names a one-line summary shows before "and N more". */
export const FEW = 5;

/** A readable list at any scale: the first few names, then how many more ("a, b, c and 997 more"). */
export function firstFew(names: readonly string[], few = FEW): string {
  if (names.length <= few) return names.join(", ");
  return `${names.slice(0, few).join(", ")} and ${names.length - few} more`;
}
