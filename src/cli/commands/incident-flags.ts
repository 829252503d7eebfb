import { closest } from "../../config/schemaIssues";
import { usageError } from "../../core/errors";
import { actionSpec } from "../../incident/actions";
import { approversNeeded, isDone } from "../../incident/planner";
import type { Runbook } from "../../incident/schema";
import type { IncidentState } from "../../incident/state";
import type { ActOptions } from "./incident-common";

/**
 * `--confirm`, `--approve` and `--retry` name steps of the runbook that can take them, and each `--confirm` has its
 * own `--note` (one note for several steps only with --same-note). With the incident's state (incident run), a step
 * already done or already approved is refused too: a typo or a stale command at 3 a.m. must be a usage error
 * (exit 2, nothing written), not silently ignored.
 */
export function checkStepFlags(runbook: Runbook, opts: Pick<ActOptions, "confirm" | "note" | "approve" | "retry" | "sameNote" | "execute">, state?: IncidentState): void {
  const ids = runbook.steps.map((s) => s.id);
  const problems: string[] = [];
  const unknown = (flag: string, step: string) => {
    const near = closest(step, ids);
    problems.push(`${flag} ${step}: runbook ${runbook.id} has no step "${step}"${near === undefined ? "" : `; did you mean "${near}"?`}`);
  };
  const done = (flag: string, step: string): boolean => {
    const st = state?.steps.get(step);
    if (st === undefined || !isDone(st)) return false;
    const how = st.status === "confirmed" ? `confirmed by ${String(st.outputs?.by)} at ${st.doneAt ?? "?"}` : `${st.status} at ${st.doneAt ?? "?"}`;
    problems.push(`${flag} ${step}: step ${step} is not waiting for that: it is already done (${how})`);
    return true;
  };
  const twice = (flag: string, list: readonly string[]) => [...new Set(list.filter((s, i) => list.indexOf(s) !== i))].forEach((s) => problems.push(`${flag} ${s}: given twice`));
  twice("--confirm", opts.confirm);
  twice("--approve", opts.approve);
  for (const step of new Set(opts.confirm)) {
    const found = runbook.steps.find((s) => s.id === step);
    if (found === undefined) unknown("--confirm", step);
    else if (found.action !== "manual") problems.push(`--confirm ${step}: step ${step} is ${found.action}, not a manual step; there is nothing to confirm`);
    else done("--confirm", step);
  }
  for (const step of opts.retry) {
    if (!ids.includes(step)) unknown("--retry", step);
    else if (state !== undefined) {
      const status = state.steps.get(step)?.status;
      if (status !== "failed" && status !== "needs-human") problems.push(`--retry ${step}: step ${step} is not waiting for a retry (it is ${status ?? "pending"}); only a failed step or one that needs a human can be retried`);
    }
  }
  for (const step of new Set(opts.approve)) {
    const found = runbook.steps.find((s) => s.id === step);
    if (found === undefined) unknown("--approve", step);
    else if (found.action !== "approve" && found.approval === undefined && !actionSpec(found.action).irreversible) problems.push(`--approve ${step}: step ${step} needs no approval`);
    else if (!done("--approve", step) && state !== undefined) {
      const st = state.steps.get(step)!;
      const have = opts.execute ? st.verifiedApprovals : st.approvals;
      if (have.length >= approversNeeded(found)) problems.push(`--approve ${step}: step ${step} is not waiting for approval: it has its ${have.length} approval(s) (${have.join(", ")})`);
    }
  }
  const notes = opts.note.filter((n) => n.trim() !== "");
  const n = new Set(opts.confirm).size;
  if (n > 0 && notes.length === 0) problems.push("--confirm needs --note: what was checked or done");
  else if (n > 1 && notes.length === 1 && opts.sameNote !== true) {
    problems.push(`${n} --confirm but one --note: give one --note per --confirm (in the same order), or --same-note to confirm all ${n} steps with that one note`);
  } else if (n > 0 && notes.length > 1 && notes.length !== n && !(opts.retry.length > 0 && notes.length === n + 1)) {
    problems.push(`${n} --confirm but ${notes.length} --note: give one --note per --confirm, in the same order`);
  }
  if (problems.length > 0) throw usageError("E_USAGE", problems.length === 1 ? problems[0]! : `${problems.length} problems with the flags:\n${problems.join("\n")}`);
}

/** `--confirm a --confirm b --note x --note y` → a: x, b: y; one note for all only with --same-note (checked before). */
export function confirmations(confirm: readonly string[], note: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const notes = note.filter((n) => n.trim() !== "");
  confirm.forEach((step, i) => {
    const text = notes.length === 1 ? notes[0] : notes[i];
    if (text !== undefined) out.set(step, text);
  });
  return out;
}
