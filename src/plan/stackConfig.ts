import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../config/diagnostics";
import { DiagnosticsError } from "../config/diagnostics";
import { decodeUtf8, parseYamlText } from "../config/yamlFile";
import { usageError } from "../core/errors";
import { stackSettings, type StackSettings } from "../infra/settings";
import { SECRET_PLACEHOLDER } from "./result";

export const STACK_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/;

/** A stack's settings read from `Pulumi.<stack>.yaml`, as the Pulumi program would see them (secure values masked). */
export interface StackFile {
  readonly file: string;
  readonly settings: StackSettings;
  /** The flat config map (`<namespace>:<key>` → string), secure values as "[secret]". */
  readonly config: Record<string, string>;
  /** Keys whose values are secure (encrypted) in the file. */
  readonly secretKeys: string[];
}

/** Reads and validates `Pulumi.<stack>.yaml` in `cwd`. Missing file: usage error; bad values: located diagnostics (exit 2). */
export function readStackFile(cwd: string, stack: string): StackFile {
  if (!STACK_NAME_PATTERN.test(stack)) throw usageError("E_USAGE", `invalid stack name ${JSON.stringify(stack)}; expected e.g. dev or prod`);
  const file = `Pulumi.${stack}.yaml`;
  const path = join(cwd, file);
  if (!existsSync(path)) {
    throw usageError("E_STACK_CONFIG", `no ${file} in ${cwd}; expected a stack file (create one with \`pulumi stack init ${stack}\`)`);
  }
  return parseStackFile(file, readFileSync(path));
}

/** Parses and validates the bytes of a stack file (`file` names it in diagnostics). Pure. */
export function parseStackFile(file: string, bytes: Uint8Array): StackFile {
  const decoded = decodeUtf8(file, bytes);
  if (!decoded.ok) throw new DiagnosticsError(decoded.diagnostics, file);
  const parsed = parseYamlText(file, decoded.text);
  if (!parsed.ok) throw new DiagnosticsError(parsed.diagnostics, file);
  const { value, locator } = parsed.parsed;
  const raw = (value as { config?: unknown } | null)?.config ?? {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    const { line, col } = locator.at(["config"]);
    throw new DiagnosticsError([{ file, line, col, code: "E_TYPE", path: "config", message: "expected a mapping of config keys" }], file);
  }
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v === "object" && v !== null && "secure" in v) {
      config[k] = SECRET_PLACEHOLDER;
      secretKeys.push(k);
    } else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
      config[k] = String(v);
    } else {
      config[k] = JSON.stringify(v);
    }
  }
  const { settings, problems } = stackSettings(config);
  if (settings === undefined) {
    const diagnostics: Diagnostic[] = problems.map((p) => {
      const { line, col } = locator.at(["config", p.path]);
      return { file, line, col, code: "E_VALUE", path: `config.${p.path}`, message: p.message };
    });
    throw new DiagnosticsError(diagnostics, file);
  }
  return { file, settings, config, secretKeys };
}

/** The config `planStack` assumes when no stack is named and the project has no `Pulumi.dev.yaml` (offline use). */
export const OFFLINE_DEFAULT_CONFIG: Readonly<Record<string, string>> = {
  "aws:region": "eu-west-1",
  "emailmate-ops:accountId": "123456789012",
};

export function offlineDefaults(): StackFile {
  const { settings } = stackSettings(OFFLINE_DEFAULT_CONFIG);
  if (settings === undefined) throw new Error("offline default stack config is invalid");
  return { file: "(defaults)", settings, config: { ...OFFLINE_DEFAULT_CONFIG }, secretKeys: [] };
}

/** `Pulumi.<stack>.yaml` when a stack is named or the dev stack file exists; otherwise the offline defaults. */
export function readStackFileOrDefaults(cwd: string, stack: string | undefined): StackFile {
  if (stack === undefined && !existsSync(join(cwd, "Pulumi.dev.yaml"))) return offlineDefaults();
  return readStackFile(cwd, stack ?? "dev");
}
