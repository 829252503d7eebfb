import { actionSpec } from "./actions";
import type { PlacedStep, Runbook } from "./schema";
import type { IncidentState, StepState } from "./state";

/** What the runner should do next. Pure: a function of the runbook and the journal's state. */
export type Decision =
  | { readonly kind: "complete" }
  | { readonly kind: "closed" }
  | { readonly kind: "audit" }
  | { readonly kind: "execute"; readonly step: PlacedStep; readonly attempt: number }
  | { readonly kind: "reconcile"; readonly step: PlacedStep }
  | { readonly kind: "confirm"; readonly step: PlacedStep }
  | { readonly kind: "approval"; readonly step: PlacedStep; readonly needed: number; readonly have: readonly string[]; readonly requestedBy?: string }
  | { readonly kind: "wait"; readonly step: PlacedStep; readonly until?: string; readonly started: boolean }
  | { readonly kind: "skip"; readonly step: PlacedStep; readonly reason: string }
  | { readonly kind: "needs-human"; readonly step: PlacedStep; readonly reason: string }
  | { readonly kind: "aborted"; readonly step: PlacedStep; readonly reason: string };

/** Attempts allowed for throttling and transient errors: the step's maxAttempts, else 3 for idempotent AWS actions, else 1. */
export function maxAttemptsOf(step: PlacedStep): number {
  const spec = actionSpec(step.action);
  if (!spec.idempotent) return 1;
  return step.maxAttempts ?? (spec.kind === "aws" ? 3 : 1);
}

/** Approvers a step needs before it runs: its `approval`, and at least one for irreversible actions and `approve` steps. */
export function approversNeeded(step: PlacedStep): number {
  const spec = actionSpec(step.action);
  const declared = step.approval?.approvers ?? 0;
  return spec.irreversible || step.action === "approve" ? Math.max(1, declared) : declared;
}

const DONE = new Set(["succeeded", "confirmed", "skipped"]);

export function isDone(s: StepState | undefined): boolean {
  return s !== undefined && DONE.has(s.status);
}

/**
 * The next thing to do: first any audit events not yet written, then the first step that is not done. A step whose
 * last attempt has no outcome is reconciled before anything else; failed steps are retried while transient errors
 * and attempts last (idempotent actions only), then follow onFailure. With `verifiedOnly` (acting on AWS), approvals
 * and requests by unverified (free-text) names do not count.
 */
export function nextDecision(runbook: Runbook, state: IncidentState, options: { verifiedOnly?: boolean } = {}): Decision {
  if (state.pendingAudits.length > 0) return { kind: "audit" };
  if (state.closed) return { kind: "closed" };
  const steps = runbook.steps;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const st = state.steps.get(step.id)!;
    if (isDone(st)) continue;
    if (st.status === "in-flight") return { kind: "reconcile", step };
    if (st.status === "needs-human") return { kind: "needs-human", step, reason: st.humanReason ?? "the outcome of the last attempt is unknown" };
    if (st.status === "failed") {
      const spec = actionSpec(step.action);
      if (st.lastFailure?.transient === true && spec.idempotent && st.failures < maxAttemptsOf(step)) return { kind: "execute", step, attempt: st.attempts + 1 };
      const why = `step ${step.id} failed: ${st.lastFailure?.message ?? "unknown error"}`;
      if (step.onFailure === "abort") return { kind: "aborted", step, reason: why };
      if (step.onFailure === "continue") continue;
      const target = steps.findIndex((s) => s.id === step.onFailure.slice(5));
      for (let j = i + 1; j < target; j++) {
        const between = steps[j]!;
        if (!isDone(state.steps.get(between.id)) && state.steps.get(between.id)?.status !== "failed") {
          return { kind: "skip", step: between, reason: `onFailure of ${step.id} jumps to ${steps[target]!.id}` };
        }
      }
      continue;
    }
    const spec = actionSpec(step.action);
    const needed = approversNeeded(step);
    // Acting on AWS, only identities from the credentials count: a free-text name from a dry run neither requests nor approves.
    const have = options.verifiedOnly === true ? st.verifiedApprovals : st.approvals;
    const requestedBy = options.verifiedOnly === true && !st.requestedVerified ? undefined : st.requestedBy;
    if (needed > have.length) return { kind: "approval", step, needed, have, requestedBy };
    if (step.action === "approve") return { kind: "execute", step, attempt: st.attempts + 1 };
    if (spec.kind === "human") return { kind: "confirm", step };
    if (step.action === "wait") return { kind: "wait", step, until: st.waitUntil, started: st.waitStarted !== undefined };
    return { kind: "execute", step, attempt: st.attempts + 1 };
  }
  return { kind: "complete" };
}

/** One line per step for status and dry-run: where each step stands. */
export interface StepView {
  readonly id: string;
  readonly phase: string;
  readonly title: string;
  readonly action: string;
  readonly status: string;
  readonly approvals: readonly string[];
  readonly needed: number;
}

export function stepViews(runbook: Runbook, state: IncidentState): StepView[] {
  return runbook.steps.map((step) => {
    const st = state.steps.get(step.id)!;
    const status = st.status === "pending" && st.planned ? "planned" : st.status;
    return { id: step.id, phase: step.phase, title: step.title, action: step.action, status, approvals: st.approvals, needed: approversNeeded(step) };
  });
}
