import type { PolicyReport } from "./model";

/** `--format json`: `{source, summary, findings, notApplicable, unusedSuppressions}`. */
export function writeJson(report: PolicyReport): string {
  const { mandatoryFailed: _m, ...rest } = report;
  return JSON.stringify(rest, null, 2) + "\n";
}
