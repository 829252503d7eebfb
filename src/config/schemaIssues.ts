import type { z } from "zod";
import type { Diagnostic, DiagnosticCode } from "./diagnostics";
import { joinPath } from "./diagnostics";
import type { Locator, PathSegment } from "./yamlFile";

type AnySchema = z.ZodType;

/** The schema that governs `path`, unwrapping optional/default/pipe wrappers; undefined where the path leaves it. */
export function schemaAt(schema: AnySchema, path: readonly PathSegment[]): AnySchema | undefined {
  let s: AnySchema | undefined = unwrap(schema);
  for (const seg of path) {
    if (s === undefined) return undefined;
    const def = defOf(s);
    if (def.type === "object") s = unwrap((def.shape as Record<string, AnySchema>)[String(seg)]);
    else if (def.type === "array") s = unwrap(def.element as AnySchema);
    else if (def.type === "record") s = unwrap(def.valueType as AnySchema);
    else return undefined;
  }
  return s;
}

function defOf(s: AnySchema): { type: string; [k: string]: unknown } {
  return (s as unknown as { _zod: { def: { type: string; [k: string]: unknown } } })._zod.def;
}

function unwrap(s: AnySchema | undefined): AnySchema | undefined {
  let cur = s;
  for (let i = 0; cur !== undefined && i < 10; i++) {
    const def = defOf(cur);
    if (def.type === "optional" || def.type === "default" || def.type === "prefault" || def.type === "nullable" || def.type === "readonly") {
      cur = def.innerType as AnySchema;
    } else if (def.type === "pipe") {
      cur = def.in as AnySchema;
    } else {
      return cur;
    }
  }
  return cur;
}

/** The `.describe()` text of the field at `path`, if any. */
export function describeAt(schema: AnySchema, path: readonly PathSegment[]): string | undefined {
  // A described wrapper (e.g. `.optional().describe()`) keeps the text on the wrapper, so look before unwrapping.
  let s: AnySchema | undefined = schema;
  for (const seg of path) {
    s = unwrap(s);
    if (s === undefined) return undefined;
    const def = defOf(s);
    if (def.type === "object") s = (def.shape as Record<string, AnySchema>)[String(seg)];
    else if (def.type === "array") s = def.element as AnySchema;
    else if (def.type === "record") s = def.valueType as AnySchema;
    else return undefined;
  }
  for (let cur: AnySchema | undefined = s, i = 0; cur !== undefined && i < 10; i++) {
    if (cur.description) return cur.description;
    const def = defOf(cur);
    cur = (def.innerType ?? def.in) as AnySchema | undefined;
  }
  return undefined;
}

/** Known keys of the object schema at `path`. */
export function keysAt(schema: AnySchema, path: readonly PathSegment[]): string[] {
  const s = schemaAt(schema, path);
  if (s === undefined) return [];
  const def = defOf(s);
  return def.type === "object" ? Object.keys(def.shape as object) : [];
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diagonal + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length]!;
}

/** The closest known name, when it is close enough to be a likely typo and no other name is as close. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  let tied = false;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
      tied = false;
    } else if (d === bestDistance) {
      tied = true;
    }
  }
  return best !== undefined && !tied && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** The plain value at `path`, undefined where the path leaves the value. */
export function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let cur = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[String(seg)];
  }
  return cur;
}

/** True where the last key of `path` is simply absent: its mapping lacks it, or the mapping itself is absent (defaulted). */
function isMissingKey(value: unknown, path: readonly PathSegment[]): boolean {
  const parent = valueAt(value, path.slice(0, -1));
  if (parent === undefined) return true;
  return parent !== null && typeof parent === "object" && !Array.isArray(parent) && !Object.prototype.hasOwnProperty.call(parent, String(path[path.length - 1]));
}

const TYPE_WORDS: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
};

/** How a YAML value reads in a message: its kind and, for scalars, the value itself. */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 60 ? v.slice(0, 57) + "..." : v)}`;
  return `the ${typeof v} ${String(v)}`;
}

/**
 * Turns zod issues into located diagnostics: unknown keys point at the key (with "did you mean"), wrong values at the
 * value, missing keys at the mapping that lacks them. Messages say what was expected, using the field's description.
 */
export function issuesToDiagnostics(
  file: string,
  schema: AnySchema,
  value: unknown,
  locator: Locator,
  issues: readonly z.core.$ZodIssue[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const push = (path: readonly PathSegment[], code: DiagnosticCode, message: string, key = false) => {
    const { line, col } = locator.at(path, { key });
    out.push({ file, line, col, code, path: joinPath(path), message });
  };
  for (const issue of issues) {
    const path = issue.path as PathSegment[];
    const described = describeAt(schema, path);
    const about = described ? ` (${described})` : "";
    const actual = valueAt(value, path);
    // A key that is not there at all, whatever check noticed it (zod reports a missing enum as invalid_value).
    if (actual === undefined && path.length > 0 && issue.code !== "unrecognized_keys" && issue.code !== "custom" && isMissingKey(value, path)) {
      push(path.slice(0, -1), "E_REQUIRED", `missing required key "${String(path[path.length - 1])}"${about}`);
      continue;
    }
    // A schema's own message (they all start with "expected") says it best.
    if (issue.message.startsWith("expected ") && issue.code !== "unrecognized_keys") {
      // A message that names the value itself ({value}) is not told it twice.
      const got = issue.code !== "invalid_type" ? "" : issue.message.includes("{value}") ? about : `, got ${describeValue(actual)}${about}`;
      push(path, issue.code === "invalid_type" ? "E_TYPE" : "E_VALUE", issue.message.replace("{value}", describeValue(actual)) + got);
      continue;
    }
    switch (issue.code) {
      case "unrecognized_keys": {
        const known = keysAt(schema, path);
        for (const key of issue.keys) {
          const guess = closest(key, known);
          const hint = guess ? `did you mean "${guess}"?` : `expected one of: ${known.join(", ")}`;
          push([...path, key], "E_UNKNOWN_KEY", `unknown key "${key}"; ${hint}`, true);
        }
        break;
      }
      case "invalid_type": {
        const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
        push(path, "E_TYPE", `expected ${expected}, got ${describeValue(actual)}${about}`);
        break;
      }
      case "invalid_value": {
        const values = issue.values.map(String);
        const guess = typeof actual === "string" ? closest(actual, values) : undefined;
        const expected = values.length > 8 && described ? described : `one of ${values.join(", ")}`;
        push(path, "E_VALUE", `expected ${expected}, got ${describeValue(actual)}${guess ? `; did you mean "${guess}"?` : ""}`);
        break;
      }
      default:
        push(path, "E_VALUE", `${issue.message}${about}`);
    }
  }
  return out;
}
