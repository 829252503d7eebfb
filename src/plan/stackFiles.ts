import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DiagnosticsError, type Diagnostic } from "../config/diagnostics";
import { decodeUtf8, parseYamlText } from "../config/yamlFile";
import type { StackForRules } from "../infra/stackRules";
import { readStackFile, STACK_NAME_PATTERN } from "./stackConfig";

const STACK_FILE = /^Pulumi\.(.+)\.yaml$/;

/**
 * Every `Pulumi.<stack>.yaml` in the project folder, validated, with where its config keys stand (for the rules across
 * stacks). A file that does not validate gives its located diagnostics instead.
 */
export function readProjectStacks(cwd: string): { stacks: StackForRules[]; diagnostics: Diagnostic[] } {
  const stacks: StackForRules[] = [];
  const diagnostics: Diagnostic[] = [];
  const names = readdirSync(cwd)
    .map((f) => STACK_FILE.exec(f)?.[1])
    .filter((s): s is string => s !== undefined && STACK_NAME_PATTERN.test(s))
    .sort();
  for (const stack of names) {
    try {
      const { file, settings } = readStackFile(cwd, stack);
      const decoded = decodeUtf8(file, readFileSync(join(cwd, file)));
      const parsed = decoded.ok ? parseYamlText(file, decoded.text) : undefined;
      const locator = parsed?.ok ? parsed.parsed.locator : undefined;
      const value = parsed?.ok ? (parsed.parsed.value as { config?: Record<string, unknown> }) : undefined;
      stacks.push({
        stack,
        file,
        settings,
        at: (key) => (locator === undefined ? { line: 1, col: 1 } : value?.config?.[key] !== undefined ? locator.at(["config", key]) : locator.at(["config"], { key: true })),
      });
    } catch (err) {
      if (err instanceof DiagnosticsError) diagnostics.push(...err.diagnostics);
      else throw err;
    }
  }
  return { stacks, diagnostics };
}
