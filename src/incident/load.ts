import { basename, extname, join } from "node:path";
import type { z } from "zod";
import { DiagnosticsError, sortDiagnostics, joinPath, type Diagnostic, type DiagnosticCode } from "../config/diagnostics";
import { closest, issuesToDiagnostics } from "../config/schemaIssues";
import { decodeUtf8, parseYamlText, type Locator } from "../config/yamlFile";
import { readYamlSources } from "../config/yamlSources";
import type { TenantFileSystem } from "../tenants/load";
import { actionSpec, WAIT_READ_ACTIONS, type ActionName } from "./actions";
import { checkReferences, templatesIn } from "./interpolate";
import { flattenSteps, runbookSchema, type Runbook } from "./schema";

export interface ParsedRunbook {
  readonly file: string;
  readonly runbook?: Runbook;
  readonly locator?: Locator;
  readonly diagnostics: readonly Diagnostic[];
}

const hasTemplate = (v: unknown) => templatesIn(v, []).length > 0;

/**
 * Parses and validates one runbook file. Pure: takes the bytes. Beyond the schema: the id equals the file name, step
 * ids are unique, onFailure targets are later steps, irreversible actions carry an approval, non-idempotent actions
 * are not retried, each action's inputs and asserted outputs are real, and every {{ reference }} resolves.
 */
export function parseRunbook(file: string, bytes: Uint8Array): ParsedRunbook {
  const decoded = decodeUtf8(file, bytes);
  if (!decoded.ok) return { file, diagnostics: decoded.diagnostics };
  return parseRunbookText(file, decoded.text);
}

export function parseRunbookText(file: string, text: string): ParsedRunbook {
  const parsed = parseYamlText(file, text);
  if (!parsed.ok) return { file, diagnostics: parsed.diagnostics };
  const { value, locator } = parsed.parsed;
  const result = runbookSchema.safeParse(value);
  if (!result.success) return { file, locator, diagnostics: issuesToDiagnostics(file, runbookSchema, value, locator, result.error.issues) };
  const data = result.data;
  const out: Diagnostic[] = [];
  const push = (path: readonly (string | number)[], code: DiagnosticCode, message: string, key = false) => {
    const { line, col } = locator.at(path, { key });
    out.push({ file, line, col, code, path: joinPath(path), message });
  };
  const stem = basename(file, extname(file));
  if (stem !== data.id) push(["id"], "E_ID_MISMATCH", `id "${data.id}" must equal the file name; expected "${stem}"`);
  const steps = flattenSteps(data);
  if (steps.length === 0) push(["phases"], "E_REQUIRED", "expected at least one step in some phase");
  const seen = new Map<string, string>();
  for (const step of steps) {
    const first = seen.get(step.id);
    if (first !== undefined) push([...step.path, "id"], "E_DUPLICATE_ID", `step id "${step.id}" is already used at ${first}; expected step ids unique within the runbook`);
    else seen.set(step.id, joinPath(step.path));
  }
  const byId = new Map(steps.map((s) => [s.id, s]));
  for (const step of steps) {
    const spec = actionSpec(step.action);
    if (step.onFailure.startsWith("step:")) {
      const target = byId.get(step.onFailure.slice(5));
      if (target === undefined) push([...step.path, "onFailure"], "E_REFERENCE", `no step "${step.onFailure.slice(5)}"; expected the id of a later step`);
      else if (target.index <= step.index) push([...step.path, "onFailure"], "E_REFERENCE", `step "${target.id}" does not come after "${step.id}"; expected a later step (no loops)`);
    }
    if (spec.irreversible && step.approval === undefined) {
      push(step.path, "E_REQUIRED", `missing required key "approval": ${step.action} is irreversible, so it needs approval (approval: { approvers: 1 })`);
    }
    if (!spec.idempotent && (step.maxAttempts ?? 1) > 1) {
      push([...step.path, "maxAttempts"], "E_VALUE", `${step.action} is not idempotent and is never retried automatically; expected maxAttempts 1 or none`);
    }
    if (spec.kind !== "aws" && step.maxAttempts !== undefined) {
      push([...step.path, "maxAttempts"], "E_VALUE", `maxAttempts applies to AWS actions only; ${step.action} is ${spec.kind}`);
    }
    const inputs = step.inputs;
    const check = spec.inputs.safeParse(inputs);
    if (!check.success) {
      const issues = check.error.issues.filter((issue) => {
        if (issue.code === "unrecognized_keys") return true;
        const top = issue.path[0];
        return top === undefined ? !Object.values(inputs).some(hasTemplate) : !hasTemplate(inputs[String(top)]);
      });
      const known = Object.keys(spec.inputs.shape);
      for (const issue of issues) {
        if (issue.code !== "unrecognized_keys") continue;
        for (const key of issue.keys) {
          const guess = closest(key, known);
          push([...step.path, "inputs", ...(issue.path as (string | number)[]), key], "E_UNKNOWN_KEY", `unknown input "${key}" for ${step.action}; ${guess ? `did you mean "${guess}"?` : `expected one of: ${known.join(", ")}`}`, true);
        }
      }
      const located = issues.filter((i) => i.code !== "unrecognized_keys").map((issue) => ({ ...issue, path: [...step.path, "inputs", ...issue.path] })) as z.core.$ZodIssue[];
      out.push(...issuesToDiagnostics(file, runbookSchema, value, locator, located));
    }
    const state = step.action === "wait" ? (inputs.state as { action?: unknown; inputs?: unknown; expect?: unknown } | undefined) : undefined;
    if (state !== undefined && typeof state === "object" && (WAIT_READ_ACTIONS as readonly unknown[]).includes(state.action)) {
      const read = actionSpec(state.action as ActionName);
      const readInputs = (state.inputs ?? {}) as Record<string, unknown>;
      const readCheck = read.inputs.safeParse(readInputs);
      if (!readCheck.success) {
        for (const issue of readCheck.error.issues) {
          const top = issue.path[0];
          if (issue.code !== "unrecognized_keys" && (top === undefined || hasTemplate(readInputs[String(top)]))) continue;
          const at = [...step.path, "inputs", "state", "inputs", ...(issue.path as (string | number)[]), ...(issue.code === "unrecognized_keys" ? [issue.keys[0]!] : [])];
          push(at, issue.code === "unrecognized_keys" ? "E_UNKNOWN_KEY" : "E_VALUE", `${state.action as string} input: ${issue.code === "unrecognized_keys" ? `unknown input "${issue.keys[0]}"` : issue.message}`, issue.code === "unrecognized_keys");
        }
      }
      for (const name of Object.keys((state.expect ?? {}) as object)) {
        if (!read.outputs.includes(name)) push([...step.path, "inputs", "state", "expect", name], "E_UNKNOWN_KEY", `${state.action as string} has no output "${name}"; expected one of ${read.outputs.join(", ")}`, true);
      }
    }
    for (const name of Object.keys(step.assert ?? {})) {
      if (!spec.outputs.includes(name)) {
        push([...step.path, "assert", name], "E_UNKNOWN_KEY", `${step.action} has no output "${name}"; expected one of ${spec.outputs.join(", ")}`, true);
      }
    }
  }
  for (const problem of checkReferences(data, steps)) push(problem.path, "E_REFERENCE", problem.message);
  if (out.length > 0) return { file, locator, diagnostics: sortDiagnostics(out) };
  return { file, locator, diagnostics: [], runbook: { ...data, file, steps } };
}

export interface RunbookSet {
  readonly files: readonly string[];
  readonly runbooks: readonly Runbook[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Reads runbook files (files, or folders of *.yaml) and validates each; ids unique across files. */
export function loadRunbooks(paths: readonly string[], fs: TenantFileSystem): RunbookSet {
  const read = readYamlSources(paths, fs, "runbook");
  const diagnostics = [...read.diagnostics];
  const runbooks: Runbook[] = [];
  for (const { file, bytes } of read.sources) {
    const parsed = parseRunbook(file, bytes);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.runbook) runbooks.push(parsed.runbook);
  }
  return { files: read.files, runbooks: diagnostics.length > 0 ? [] : runbooks.sort((a, b) => (a.id < b.id ? -1 : 1)), diagnostics: sortDiagnostics(diagnostics) };
}

/** One runbook by id from a folder, or a DiagnosticsError (exit 2) with its located problems. */
export function loadRunbookOrThrow(dir: string, id: string, fs: TenantFileSystem): { runbook: Runbook; text: string } {
  const file = join(dir, `${id}.yaml`);
  let bytes: Uint8Array;
  try {
    bytes = fs.read(file);
  } catch {
    throw new DiagnosticsError([{ file, line: 1, col: 1, code: "E_FILE_UNREADABLE", path: "", message: `no runbook "${id}" (${file} not found)` }], "runbook");
  }
  const parsed = parseRunbook(file, bytes);
  if (!parsed.runbook) throw new DiagnosticsError(parsed.diagnostics, `runbook ${file}`);
  return { runbook: parsed.runbook, text: Buffer.from(bytes).toString("utf8") };
}
