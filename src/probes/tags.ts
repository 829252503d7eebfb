/**
 * A `k=v; k=v` record (MTA-STS, TLS-RPT, DMARC): tags in order, with problems (a tag twice, a part without `=`).
 * Whitespace around tags and values is dropped; an empty part (a trailing `;`) is allowed.
 */
export function parseTags(record: string): { tags: Map<string, string>; first?: string; problems: string[] } {
  const tags = new Map<string, string>();
  const problems: string[] = [];
  let first: string | undefined;
  for (const raw of record.split(";")) {
    const part = raw.trim();
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) {
      problems.push(`"${part}" is not a tag=value pair`);
      continue;
    }
    const name = part.slice(0, eq).trim();
    first ??= name;
    if (tags.has(name)) problems.push(`tag ${name} appears twice`);
    else tags.set(name, part.slice(eq + 1).trim());
  }
  return { tags, first, problems };
}

/** TXT records that start with `v=<version>` (the rest are other records at the same name and are ignored). */
export function versioned(records: readonly string[], version: RegExp): string[] {
  return records.filter((r) => version.test(r.trim()));
}
