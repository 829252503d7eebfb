import { SOC2, type ControlId } from "../policy/frameworks/soc2";
import type { Check, CheckStatus, Finding } from "../policy/types";

export const CONTROL_STATUSES = ["pass", "fail", "error", "needs-review", "not-evaluated", "manual"] as const;
/**
 * pass: the automated checks tested resources and passed (checks with nothing to test are listed as not evaluated) ·
 * fail: one failed · error: one could not run or collect its data · needs-review: manual or suppressed findings, or a
 * check disabled by config · not-evaluated: no automated check tested anything · manual: no automated check; the
 * evidence is collected by hand.
 */
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

export interface AutomatedResult {
  readonly policy: string;
  readonly description: string;
  /** The check's own status over all its findings (fail > error > manual > suppressed > pass > not-evaluated). */
  readonly status: CheckStatus;
  readonly pass: number;
  readonly fail: number;
  readonly manual: number;
  readonly suppressed: number;
  readonly error: number;
  /** Why the check tested nothing (not-evaluated), or why it could not run (error). */
  readonly reason?: string;
}

export interface ControlRow {
  readonly control: ControlId;
  readonly title: string;
  readonly criterion: string;
  readonly promise?: string;
  readonly status: ControlStatus;
  /** Why the status is not a plain pass (one line per check that tested nothing, erred or needs review). */
  readonly reasons: readonly string[];
  /** What the automated evidence in this bundle does and does not show, for controls where that needs saying. */
  readonly note?: string;
  readonly automated: readonly AutomatedResult[];
  /** Evidence to collect by hand (always listed; the whole evidence for manual controls). */
  readonly manualEvidence: readonly string[];
  /** Files in this bundle that support the control. */
  readonly attached: readonly string[];
}

const CHECK_PRECEDENCE: readonly CheckStatus[] = ["fail", "error", "manual", "suppressed", "pass", "not-evaluated"];

/** Per-check counts over the findings, in one pass (findings run to 100,000s). */
export function automatedResults(checks: readonly Check[], findings: Iterable<Finding>): Map<string, AutomatedResult> {
  const counts = new Map<string, Record<CheckStatus, number> & { reason?: string }>();
  for (const k of checks) counts.set(k.id, { pass: 0, fail: 0, manual: 0, suppressed: 0, "not-evaluated": 0, error: 0 });
  for (const f of findings) {
    const c = counts.get(f.policy);
    if (c === undefined) continue;
    c[f.status]++;
    if ((f.status === "not-evaluated" || f.status === "error") && c.reason === undefined) c.reason = f.message;
  }
  const out = new Map<string, AutomatedResult>();
  for (const k of checks) {
    const c = counts.get(k.id)!;
    const status = CHECK_PRECEDENCE.find((s) => c[s] > 0) ?? "not-evaluated";
    out.set(k.id, {
      policy: k.id,
      description: k.description,
      status,
      pass: c.pass,
      fail: c.fail,
      manual: c.manual,
      suppressed: c.suppressed,
      error: c.error,
      ...(status === "not-evaluated" ? { reason: c.reason ?? "not evaluated: the check produced no result" } : status === "error" ? { reason: c.reason! } : {}),
    });
  }
  return out;
}

function controlStatus(automated: readonly AutomatedResult[]): ControlStatus {
  if (automated.length === 0) return "manual";
  if (automated.some((a) => a.fail > 0)) return "fail";
  if (automated.some((a) => a.error > 0)) return "error";
  if (automated.every((a) => a.status === "not-evaluated")) return "not-evaluated";
  if (automated.some((a) => a.manual > 0 || a.suppressed > 0 || isDisabled(a))) return "needs-review";
  return "pass";
}

const isDisabled = (a: AutomatedResult) => a.status === "not-evaluated" && (a.reason ?? "").includes("disabled by policy config");

/** One row per SOC 2 control: the automated checks mapped to it with their results, and what to collect by hand. */
export function controlMatrix(checks: readonly Check[], findings: Iterable<Finding>, bundleFiles: ReadonlySet<string> = new Set()): ControlRow[] {
  const results = automatedResults(checks, findings);
  return SOC2.map((c) => {
    const automated = checks.filter((k) => k.controls.includes(c.id)).map((k) => results.get(k.id)!);
    const reasons = automated.flatMap((a) =>
      a.status === "not-evaluated" || a.status === "error"
        ? [`${a.policy}: ${a.reason}`]
        : a.manual > 0 || a.suppressed > 0
          ? [`${a.policy}: ${a.manual} manual, ${a.suppressed} suppressed finding(s) to review`]
          : [],
    );
    return {
      control: c.id,
      title: c.title,
      criterion: c.criterion,
      ...(c.promise !== undefined ? { promise: c.promise } : {}),
      status: controlStatus(automated),
      reasons,
      ...(c.note !== undefined ? { note: c.note } : {}),
      automated,
      manualEvidence: c.manualEvidence,
      attached: (c.attachments ?? []).filter((f) => bundleFiles.has(f)),
    };
  });
}
