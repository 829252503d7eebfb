import { actionSpec } from "./actions";
import { applyHuman } from "./humanInput";
import { resolveValue } from "./interpolate";
import { approversNeeded } from "./planner";
import { callsOf, scopeOf } from "./runScope";
import type { PlannedStep, RunContext, RunResult } from "./runTypes";
import { foldJournal } from "./state";

/**
 * Dry run: walks every step not yet done, never prompting. AWS and local actions are journaled as planned (marked
 * `dryRun`) with their exact calls; confirmations and approvals given with --confirm/--approve are recorded (facts,
 * not actions), by the free-text name given, marked unverified.
 */
export async function dryRun(run: RunContext): Promise<RunResult> {
  const { journal, runbook, opts, deps, id, stepIds } = run;
  const planned: PlannedStep[] = [];
  const used = new Set<string>();
  for (const step of runbook.steps) {
    let state = foldJournal(journal.entries, stepIds);
    let st = state.steps.get(step.id)!;
    if (st.status === "succeeded" || st.status === "confirmed" || st.status === "skipped") continue;
    const needed = approversNeeded(step);
    // Reaching a step that needs approval requests it, as in an executed run: someone else may then approve it.
    let requestedNow = false;
    if (needed > st.approvals.length && st.requestedBy === undefined) {
      requestedNow = true;
      journal.append("approval.requested", { ...run.base(step), calls: callsOf(step, state, deps.tenants, runbook) }, run.now());
      state = foldJournal(journal.entries, stepIds);
      st = state.steps.get(step.id)!;
    }
    // Approving what this same run just requested as you would be self-approval: left for another person (reported unused).
    const selfRequested = requestedNow && st.requestedBy === opts.operator.actor;
    if (needed > st.approvals.length && opts.approve?.has(step.id) && !selfRequested) {
      await applyHuman(run, state, { kind: "approval", step, needed, have: st.approvals, requestedBy: st.requestedBy }, false);
      used.add(step.id);
    }
    if (step.action === "manual" && opts.confirm?.has(step.id)) {
      await applyHuman(run, state, { kind: "confirm", step }, false);
      used.add(step.id);
    }
    state = foldJournal(journal.entries, stepIds);
    st = state.steps.get(step.id)!;
    const needs =
      st.status === "confirmed"
        ? undefined
        : step.action === "manual"
          ? "confirmation"
          : needed > st.approvals.length
            ? `${needed - st.approvals.length} approval(s)`
            : undefined;
    if (actionSpec(step.action).kind === "human") {
      if (needs !== undefined) planned.push({ step: step.id, phase: step.phase, action: step.action, calls: [], needs });
      continue;
    }
    const calls = callsOf(step, state, deps.tenants, runbook);
    const inputs = resolveValue(step.inputs, scopeOf(state, deps.tenants, runbook), [...step.path, "inputs"], new Set(["params", "incident", "tenant"]));
    journal.append("step.planned", { ...run.base(step), inputs: inputs as Record<string, unknown>, calls }, run.now());
    planned.push({ step: step.id, phase: step.phase, action: step.action, calls, ...(needs ? { needs } : {}) });
  }
  return {
    id,
    state: "dry-run",
    message: `${id}: DRY RUN — nothing was performed. ${planned.filter((p) => p.calls.length > 0).length} AWS step(s) planned; run \`incident run ${id} --execute\` to act`,
    executed: run.executed,
    planned,
  };
}
