import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { Clock } from "../core/clock";
import { DiagnosticsError } from "../config/diagnostics";
import { OpsError, usageError } from "../core/errors";
import type { PolicyPackConfig } from "./engine/config";
import { parsePreviewJson } from "./sources/previewJson";
import { parseStackExport } from "./sources/stackExport";
import type { PolicySource } from "./sources/types";
import { parseSuppressions, type Suppression } from "./suppressions";

/** Stack exports of large stacks run to hundreds of MB; refuse anything absurd before reading it. */
export const MAX_STATE_BYTES = 512 * 1024 * 1024;
/** Where `policy check` looks for suppressions when none is given. */
export const DEFAULT_SUPPRESSIONS = "policies/suppressions.yaml";

const at = (cwd: string, file: string) => (isAbsolute(file) ? file : resolve(cwd, file));

function readText(cwd: string, file: string, what: string): string {
  const path = at(cwd, file);
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw usageError("E_FILE_UNREADABLE", `${file}: is a folder; expected ${what}`);
    size = stat.size;
  } catch (err) {
    if (err instanceof OpsError) throw err;
    throw usageError("E_FILE_UNREADABLE", `${file}: no such file; expected ${what}`);
  }
  if (size > MAX_STATE_BYTES) throw usageError("E_FILE_TOO_LARGE", `${file}: ${size} bytes; expected at most ${MAX_STATE_BYTES}`);
  return readFileSync(path, "utf8");
}

/** A file source: a stack export / checkpoint, or `pulumi preview --json` output. */
export function readFileSource(cwd: string, opts: { stackExport?: string; previewJson?: string }): PolicySource {
  if (opts.stackExport !== undefined && opts.previewJson !== undefined) {
    throw usageError("E_USAGE", "give either --stack-export or --preview-json, not both");
  }
  if (opts.stackExport !== undefined) return parseStackExport(readText(cwd, opts.stackExport, "a `pulumi stack export` file"), opts.stackExport);
  if (opts.previewJson !== undefined) return parsePreviewJson(readText(cwd, opts.previewJson, "`pulumi preview --json` output"), opts.previewJson);
  throw usageError("E_USAGE", "no file source given");
}

/** Suppressions from `file`, or from policies/suppressions.yaml when it exists; located diagnostics on bad input. */
export function readSuppressions(cwd: string, file: string | undefined, clock: Clock, knownPolicies: ReadonlySet<string>): Suppression[] {
  const name = file ?? DEFAULT_SUPPRESSIONS;
  const path = at(cwd, name);
  if (file === undefined && !existsSync(path)) return [];
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const folder = (err as { code?: unknown }).code === "EISDIR";
    throw usageError("E_FILE_UNREADABLE", `${name}: ${folder ? "is a folder" : "no such file"}; expected a suppressions YAML file`);
  }
  const parsed = parseSuppressions(name, bytes, clock, knownPolicies);
  if (!parsed.ok) throw new DiagnosticsError(parsed.diagnostics, "suppressions");
  return parsed.suppressions;
}

/** Policy-pack config in Pulumi's JSON format (`--policy-pack-config`). */
export function readPolicyConfig(cwd: string, file: string | undefined): PolicyPackConfig | undefined {
  if (file === undefined) return undefined;
  const text = readText(cwd, file, "a policy-pack config JSON file");
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("expected a JSON object");
    return value as PolicyPackConfig;
  } catch (err) {
    throw usageError("E_POLICY_CONFIG", `${file}: ${err instanceof Error ? err.message : String(err)}; expected {"<policy>": "<level>" | {"enforcementLevel": …, …}}`);
  }
}
