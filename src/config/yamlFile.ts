import type { Document, LineCounter, Node } from "yaml";

/**
 * The yaml package, loaded on first use: files the fast path reads (parseSimpleYaml) never need it, and loading
 * it costs ~50 ms of CPU at start-up.
 */
let yamlModule: typeof import("yaml") | undefined;
const Y = (): typeof import("yaml") => (yamlModule ??= require("yaml") as typeof import("yaml"));
import type { Diagnostic, DiagnosticCode } from "./diagnostics";
import { joinPath } from "./diagnostics";
import { parseSimpleYaml } from "./fastYaml";

/** Files larger than this are refused before they are read. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Bounds the work an alias-heavy ("billion laughs") document can cause. */
export const MAX_ALIAS_COUNT = 100;
/** Keys that would reach an object's prototype if anything ever merged the parsed value. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

export type PathSegment = string | number;

/** A parsed YAML file: its plain value, and a way back from a field path to a line and column. */
export interface ParsedYaml {
  readonly file: string;
  readonly value: unknown;
  readonly locator: Locator;
}

export type ParseResult = { ok: true; parsed: ParsedYaml } | { ok: false; diagnostics: Diagnostic[] };

function diag(file: string, line: number, col: number, code: DiagnosticCode, path: string, message: string): Diagnostic {
  return { file, line, col, code, path, message };
}

// One decoder for every file: a call without `stream` starts afresh, also after a failure.
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Decodes file bytes as strict UTF-8 (a leading BOM is dropped). Pure: the caller reads the bytes.
 * Returns the text, or a diagnostic at the first byte that is not UTF-8.
 */
export function decodeUtf8(file: string, bytes: Uint8Array): { ok: true; text: string } | { ok: false; diagnostics: Diagnostic[] } {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    return {
      ok: false,
      diagnostics: [diag(file, 1, 1, "E_FILE_TOO_LARGE", "", `file is ${bytes.byteLength} bytes; expected at most ${MAX_FILE_BYTES} (1 MiB)`)],
    };
  }
  try {
    const text = STRICT_UTF8.decode(bytes);
    return { ok: true, text };
  } catch {
    const loose = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false }).decode(bytes);
    const at = loose.indexOf("\uFFFD");
    const { line, col } = positionInText(loose, Math.max(at, 0));
    return { ok: false, diagnostics: [diag(file, line, col, "E_ENCODING", "", "file is not valid UTF-8; expected UTF-8 text")] };
  }
}

function positionInText(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

/** Maps field paths of a parsed document to 1-based line:col of the key or the value. */
export interface Locator {
  /** Position of the value at `path`, or of the key when `key` is set; falls back to the deepest node that exists. */
  at(path: readonly PathSegment[], options?: { key?: boolean }): { line: number; col: number };
}

/** The locator over a document of the full YAML parser. */
class DocumentLocator implements Locator {
  constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /** Position of the value at `path`, or of the key when `key` is set; falls back to the deepest node that exists. */
  at(path: readonly PathSegment[], options: { key?: boolean } = {}): { line: number; col: number } {
    let node: unknown = this.doc.contents;
    let best: { offset: number } = { offset: rangeStart(node) ?? 0 };
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (Y().isMap(node)) {
        const pair = node.items.find((p) => Y().isScalar(p.key) && String(p.key.value) === String(seg));
        if (pair === undefined) break;
        const keyOffset = rangeStart(pair.key);
        if (last && options.key && keyOffset !== undefined) return this.pos(keyOffset);
        node = pair.value;
        const valueOffset = rangeStart(node);
        // A missing value (`key:`) points at its key.
        best = { offset: valueOffset ?? keyOffset ?? best.offset };
      } else if (Y().isSeq(node) && typeof seg === "number") {
        const item = node.items[seg];
        if (item === undefined) break;
        node = item;
        best = { offset: rangeStart(node) ?? best.offset };
      } else {
        break;
      }
    }
    return this.pos(best.offset);
  }

  private pos(offset: number): { line: number; col: number } {
    const p = this.lines.linePos(offset);
    return { line: p.line, col: p.col };
  }
}

function rangeStart(node: unknown): number | undefined {
  if (node !== null && typeof node === "object" && "range" in node) {
    const range = (node as Node).range;
    if (Array.isArray(range)) return range[0];
  }
  return undefined;
}

/** First line of a yaml error message, without the position the diagnostic already carries. */
function cleanYamlMessage(message: string): string {
  const first = message.split("\n")[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, "");
}

/**
 * Parses one YAML document with positions and the hardening every file needs: syntax and duplicate keys located,
 * `__proto__`/`constructor`/`prototype` keys refused, alias expansion bounded, empty documents refused.
 * All problems found are returned, not just the first.
 */
export function parseYamlText(file: string, text: string): ParseResult {
  if (text.trim() === "") {
    return { ok: false, diagnostics: [diag(file, 1, 1, "E_EMPTY_FILE", "", "file is empty; expected a YAML mapping")] };
  }
  // Most files are plain: read them without building a YAML document (same value and positions, much faster).
  const simple = parseSimpleYaml(text);
  if (simple !== undefined) return { ok: true, parsed: { file, value: simple.value, locator: simple.locator } };
  return parseFullYaml(file, text);
}

/** parseYamlText with the full YAML parser only (the fast path's reference). */
export function parseFullYaml(file: string, text: string): ParseResult {
  const lines = new (Y().LineCounter)();
  const doc = Y().parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
  const diagnostics: Diagnostic[] = [];
  for (const err of doc.errors) {
    const p = lines.linePos(err.pos[0]);
    if (err.code === "DUPLICATE_KEY") {
      const key = keyAtOffset(doc, err.pos[0]);
      const name = key ? ` ${JSON.stringify(key.name)}` : "";
      diagnostics.push(diag(file, p.line, p.col, "E_DUPLICATE_KEY", key?.path ?? "", `duplicate key${name}; expected each key once per mapping`));
    } else {
      diagnostics.push(diag(file, p.line, p.col, "E_YAML_SYNTAX", "", cleanYamlMessage(err.message)));
    }
  }
  const locator = new DocumentLocator(doc, lines);
  Y().visit(doc, {
    Pair(_key, pair, path) {
      if (!Y().isPair(pair) || !Y().isScalar(pair.key)) return;
      const name = String(pair.key.value);
      if (!FORBIDDEN_KEYS.has(name)) return;
      const offset = rangeStart(pair.key) ?? 0;
      const p = lines.linePos(offset);
      diagnostics.push(diag(file, p.line, p.col, "E_FORBIDDEN_KEY", joinPath([...keyPath(path), name]), `key "${name}" is not allowed`));
    },
  });
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  if (doc.contents === null || (Y().isScalar(doc.contents) && doc.contents.value === null)) {
    return { ok: false, diagnostics: [diag(file, 1, 1, "E_EMPTY_FILE", "", "document is empty; expected a YAML mapping")] };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    let firstAlias = 0;
    Y().visit(doc, {
      Alias(_k, node) {
        firstAlias = rangeStart(node) ?? 0;
        return Y().visit.BREAK;
      },
    });
    const p = lines.linePos(firstAlias);
    const reason = err instanceof Error ? err.message : String(err);
    const message = /alias/i.test(reason)
      ? `aliases expand too far (more than ${MAX_ALIAS_COUNT} uses); expected a plain document`
      : `cannot read document: ${reason}`;
    return { ok: false, diagnostics: [diag(file, p.line, p.col, /alias/i.test(reason) ? "E_ALIAS_LIMIT" : "E_YAML_SYNTAX", "", message)] };
  }
  return { ok: true, parsed: { file, value, locator } };
}

/** The key that starts at `offset`, with its field path (for errors the yaml parser reports by offset). */
function keyAtOffset(doc: Document.Parsed, offset: number): { name: string; path: string } | undefined {
  let found: { name: string; path: string } | undefined;
  Y().visit(doc, {
    Pair(_k, pair, ancestors) {
      if (Y().isScalar(pair.key) && rangeStart(pair.key) === offset) {
        const name = String(pair.key.value);
        found = { name, path: joinPath([...keyPath(ancestors), name]) };
        return Y().visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Field path of the pair being visited, from the visitor's ancestor list. */
function keyPath(ancestors: readonly unknown[]): PathSegment[] {
  const out: PathSegment[] = [];
  for (let i = 0; i < ancestors.length; i++) {
    const a = ancestors[i];
    const next = ancestors[i + 1];
    if (Y().isPair(a) && Y().isScalar(a.key)) out.push(String(a.key.value));
    else if (Y().isSeq(a) && next !== undefined) out.push(a.items.indexOf(next as never));
  }
  return out;
}
