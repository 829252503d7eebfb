import type { Evaluation, NotApplicable, Summary } from "../engine/evaluate";
import type { Suppression } from "../suppressions";
import type { PolicySource } from "../sources/types";
import type { Check, Finding } from "../types";

/** What `policy check --format json` prints, and what every other writer renders. */
export interface PolicyReport {
  readonly source: { readonly kind: PolicySource["kind"]; readonly file?: string; readonly stack?: string };
  readonly summary: Summary;
  readonly findings: readonly Finding[];
  readonly notApplicable: readonly NotApplicable[];
  readonly unusedSuppressions: readonly Suppression[];
  readonly mandatoryFailed: boolean;
}

export function toReport(source: PolicySource, evaluation: Evaluation): PolicyReport {
  return {
    source: { kind: source.kind, ...(source.file !== undefined ? { file: source.file } : {}), ...(source.stack !== undefined ? { stack: source.stack } : {}) },
    summary: evaluation.summary,
    findings: evaluation.findings,
    notApplicable: evaluation.notApplicable,
    unusedSuppressions: evaluation.unusedSuppressions,
    mandatoryFailed: evaluation.mandatoryFailed,
  };
}

/** Context the writers need beyond the report: the checks (for rule metadata) and the tool version. */
export interface WriterContext {
  readonly checks: readonly Check[];
  readonly toolVersion: string;
}

export const STATUS_ORDER = { fail: 0, error: 1, manual: 2, suppressed: 3, "not-evaluated": 4, pass: 5 } as const;
export const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// Every writer of a bundle sorts the same findings: sorted once per array (each caller gets its own copy).
const sortedOf = new WeakMap<readonly Finding[], readonly Finding[]>();

/** Failures first, then by severity, policy and URN: the order every writer lists findings in. A new array each call. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  let sorted = sortedOf.get(findings);
  // (a report's findings are never changed; the length check keeps a caller that appends to its own array safe)
  if (sorted === undefined || sorted.length !== findings.length) sortedOf.set(findings, (sorted = sortFindingsOnce(findings)));
  return [...sorted];
}

function sortFindingsOnce(findings: readonly Finding[]): Finding[] {
  // one key per finding, compared as a string: status, enforcement, severity (one digit each), policy, NUL, URN
  const keyed = findings.map((f) => ({ f, key: `${STATUS_ORDER[f.status]}${f.enforcement === "mandatory" ? 0 : 1}${SEVERITY_ORDER[f.severity]}${f.policy}\u0000${f.urn}` }));
  keyed.sort((a, b) => cmp(a.key, b.key));
  return keyed.map((k) => k.f);
}

/** The summary's counts in one phrase, the same in every writer. */
export function summaryCounts(s: PolicyReport["summary"]): string {
  const extra = [s.error > 0 ? `, ${s.error} error` : "", `, ${s.notEvaluated} not evaluated`, s.disabled > 0 ? ` (${s.disabled} disabled by config)` : ""].join("");
  return `${s.pass} pass, ${s.fail} fail, ${s.manual} manual, ${s.suppressed} suppressed${extra}`;
}

/** The one-line verdict: failed, could not run, nothing evaluated, or passed (with what it did not test). */
export function verdict(report: PolicyReport): string {
  const s = report.summary;
  if (report.mandatoryFailed) return s.fail > 0 ? "FAILED: a mandatory check failed" : "FAILED: a mandatory check could not run (error)";
  if (s.pass + s.fail + s.manual + s.suppressed + s.error === 0) return "NOTHING EVALUATED: no check tested any resource";
  if (s.fail > 0 || s.error > 0) return "passed with advisory failures";
  return "passed";
}

export function describeSource(report: PolicyReport): string {
  const s = report.source;
  const what = { plan: "offline plan", "stack-export": "stack export", checkpoint: "state checkpoint", preview: "preview", live: "live account" }[s.kind];
  return `${what}${s.file !== undefined ? ` ${s.file}` : ""}${s.stack !== undefined ? ` (stack ${s.stack})` : ""}`;
}
