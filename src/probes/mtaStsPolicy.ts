/** An MTA-STS policy file (RFC 8461 §3.2) parsed: `key: value` lines, CRLF or LF; unknown keys ignored. */
export interface MtaStsPolicy {
  readonly version?: string;
  readonly mode?: string;
  readonly mx: string[];
  readonly maxAge?: number;
  readonly problems: string[];
}

/** RFC 8461: max_age is at most 31557600 seconds (about a year). */
export const MTA_STS_MAX_AGE_LIMIT = 31_557_600;

export function parseMtaStsPolicy(text: string): MtaStsPolicy {
  const problems: string[] = [];
  const single = new Map<string, string>();
  const mx: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    const m = /^([A-Za-z0-9_]+):[ \t]*(.*?)[ \t]*$/.exec(line);
    if (m === null) return void problems.push(`line ${i + 1}: ${JSON.stringify(line.slice(0, 60))} is not "key: value"`);
    const [, key, value] = m as unknown as [string, string, string];
    if (key === "mx") mx.push(value.toLowerCase());
    else if (single.has(key)) problems.push(`line ${i + 1}: ${key} appears twice`);
    else single.set(key, value);
  });
  const version = single.get("version");
  const mode = single.get("mode");
  const maxAgeText = single.get("max_age");
  if (version !== "STSv1") problems.push(version === undefined ? "version is missing (expected STSv1)" : `version: ${version} (expected STSv1)`);
  if (mode === undefined) problems.push("mode is missing (enforce, testing or none)");
  else if (!["enforce", "testing", "none"].includes(mode)) problems.push(`mode: ${mode} (expected enforce, testing or none)`);
  let maxAge: number | undefined;
  if (maxAgeText === undefined) problems.push("max_age is missing");
  else if (!/^\d{1,10}$/.test(maxAgeText) || Number(maxAgeText) > MTA_STS_MAX_AGE_LIMIT) problems.push(`max_age: ${maxAgeText} (expected seconds from 0 to ${MTA_STS_MAX_AGE_LIMIT})`);
  else maxAge = Number(maxAgeText);
  if (mx.length === 0 && mode !== "none") problems.push("no mx: line (at least one is required unless mode is none)");
  return { ...(version === undefined ? {} : { version }), ...(mode === undefined ? {} : { mode }), mx, ...(maxAge === undefined ? {} : { maxAge }), problems };
}

/** Whether an MX host matches a policy pattern: exact, or `*.` standing for exactly one leftmost label (RFC 8461 §4.1). */
export function mxMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  const p = pattern.toLowerCase().replace(/\.$/, "");
  if (!p.startsWith("*.")) return h === p;
  const dot = h.indexOf(".");
  return dot > 0 && h.slice(dot + 1) === p.slice(2);
}
