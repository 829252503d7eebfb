/** A Strict-Transport-Security header value parsed per RFC 6797 §6.1 (directive names are case-insensitive). */
export type HstsParse =
  | { readonly ok: true; readonly maxAge: number; readonly includeSubDomains: boolean; readonly preload: boolean }
  | { readonly ok: false; readonly reason: string };

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Splits on `;` outside quoted strings; undefined when a quoted string never ends. */
function splitDirectives(value: string): string[] | undefined {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quoted && c === "\\" && i + 1 < value.length) {
      current += c + value[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ";" && !quoted) {
      parts.push(current);
      current = "";
    } else current += c;
  }
  if (quoted) return undefined;
  parts.push(current);
  return parts;
}

function unquote(raw: string): string | undefined {
  if (TOKEN.test(raw)) return raw;
  const m = /^"((?:[^"\\]|\\.)*)"$/.exec(raw);
  return m === null ? undefined : m[1]!.replace(/\\(.)/g, "$1");
}

/**
 * Parses one header value. Invalid per RFC 6797 (and so ignored by browsers, §8.1): a directive that is not a token,
 * a value that is neither a token nor a quoted string, a directive given twice, max-age missing or not digits,
 * includeSubDomains or preload with a value.
 */
export function parseHsts(value: string): HstsParse {
  const parts = splitDirectives(value);
  if (parts === undefined) return { ok: false, reason: "a quoted string is not closed" };
  const seen = new Map<string, string | undefined>();
  for (const part of parts) {
    const text = part.trim();
    if (text === "") continue;
    const eq = text.indexOf("=");
    const name = (eq === -1 ? text : text.slice(0, eq)).trim();
    if (!TOKEN.test(name)) return { ok: false, reason: `"${name}" is not a directive name` };
    const key = name.toLowerCase();
    if (seen.has(key)) return { ok: false, reason: `directive ${name} appears twice (each directive must appear only once)` };
    let v: string | undefined;
    if (eq !== -1) {
      v = unquote(text.slice(eq + 1).trim());
      if (v === undefined) return { ok: false, reason: `the value of ${name} is neither a token nor a quoted string` };
    }
    seen.set(key, v);
  }
  if (!seen.has("max-age")) return { ok: false, reason: "max-age is missing (it is required)" };
  const maxAge = seen.get("max-age");
  if (maxAge === undefined || !/^\d+$/.test(maxAge)) return { ok: false, reason: `max-age must be a number of seconds, got ${maxAge === undefined ? "no value" : JSON.stringify(maxAge)}` };
  for (const flag of ["includesubdomains", "preload"]) {
    if (seen.get(flag) !== undefined) return { ok: false, reason: `${flag === "preload" ? "preload" : "includeSubDomains"} takes no value` };
  }
  return { ok: true, maxAge: Number(maxAge), includeSubDomains: seen.has("includesubdomains"), preload: seen.has("preload") };
}

/** The preload list's minimum max-age: one year. */
export const PRELOAD_MIN_MAX_AGE = 31_536_000;
