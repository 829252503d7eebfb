import { SOC2, type ControlId } from "../policy/frameworks/soc2";
import type { Check, Finding } from "../policy/types";

export const CONTROL_STATUSES = ["pass", "fail", "needs-review", "manual"] as const;
/** pass: every automated check passed · fail: one failed · needs-review: manual or suppressed findings · manual: no automated check. */
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

export interface AutomatedResult {
  readonly policy: string;
  readonly description: string;
  readonly pass: number;
  readonly fail: number;
  readonly manual: number;
  readonly suppressed: number;
  /** Results that could not be produced (live collection errors): the control cannot pass. */
  readonly error: number;
}

export interface ControlRow {
  readonly control: ControlId;
  readonly title: string;
  readonly criterion: string;
  readonly promise?: string;
  readonly status: ControlStatus;
  readonly automated: readonly AutomatedResult[];
  /** Evidence to collect by hand (always listed; the whole evidence for manual controls). */
  readonly manualEvidence: readonly string[];
  /** Files in this bundle that support the control. */
  readonly attached: readonly string[];
}

/** One row per SOC 2 control: the automated checks mapped to it with their results, and what to collect by hand. */
export function controlMatrix(checks: readonly Check[], findings: readonly Finding[], bundleFiles: ReadonlySet<string> = new Set()): ControlRow[] {
  return SOC2.map((c) => {
    const automated = checks
      .filter((k) => k.controls.includes(c.id))
      .map((k) => {
        const mine = findings.filter((f) => f.policy === k.id);
        const n = (s: Finding["status"]) => mine.filter((f) => f.status === s).length;
        return { policy: k.id, description: k.description, pass: n("pass"), fail: n("fail"), manual: n("manual"), suppressed: n("suppressed"), error: n("error") };
      });
    const status: ControlStatus =
      automated.length === 0
        ? "manual"
        : automated.some((a) => a.fail > 0)
          ? "fail"
          : automated.some((a) => a.manual > 0 || a.suppressed > 0 || a.error > 0)
            ? "needs-review"
            : "pass";
    return {
      control: c.id,
      title: c.title,
      criterion: c.criterion,
      ...(c.promise !== undefined ? { promise: c.promise } : {}),
      status,
      automated,
      manualEvidence: c.manualEvidence,
      attached: (c.attachments ?? []).filter((f) => bundleFiles.has(f)),
    };
  });
}
