import { ExitCode, OpsError } from "../core/errors";

/** Stable codes for problems found in the YAML files the project reads (tenants, runbooks, suppressions). */
export const DIAGNOSTIC_CODES = [
  "E_FILE_UNREADABLE",
  "E_FILE_TOO_LARGE",
  "E_ENCODING",
  "E_EMPTY_FILE",
  "E_YAML_SYNTAX",
  "E_DUPLICATE_KEY",
  "E_FORBIDDEN_KEY",
  "E_ALIAS_LIMIT",
  "E_UNKNOWN_KEY",
  "E_REQUIRED",
  "E_TYPE",
  "E_VALUE",
  "E_ID_MISMATCH",
  "E_DUPLICATE_ID",
  "E_DUPLICATE_DOMAIN",
  "E_DUPLICATE_VALUE",
  "E_REFERENCE",
  "E_FILE_EXISTS",
] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

/** One located problem: every YAML the project reads reports errors in this shape. */
export interface Diagnostic {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly col: number;
  readonly code: DiagnosticCode;
  /** Dotted field path inside the document (`sending.domains.1`); empty for the whole document. */
  readonly path: string;
  readonly message: string;
}

/** `<file>:<line>:<col>: <code> <field.path>: <message>` */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.code} ${d.path === "" ? "(document)" : d.path}: ${d.message}`;
}

/** File order, then position: the order a reader walks the files in. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.col - b.col || a.code.localeCompare(b.code),
  );
}

export function joinPath(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

/** Thrown where a command needs valid input and got located problems instead (exit 2). */
export class DiagnosticsError extends OpsError {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[], what = "input") {
    const n = diagnostics.length;
    super("E_INVALID_INPUT", `${n} problem${n === 1 ? "" : "s"} in ${what}:\n${diagnostics.map(formatDiagnostic).join("\n")}`, {
      exitCode: ExitCode.invalidInput,
    });
    this.diagnostics = diagnostics;
  }
}
