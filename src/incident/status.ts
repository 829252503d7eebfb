import { computeDeadlines, type Deadline } from "./deadlines";
import { nextDecision, stepViews, type StepView } from "./planner";
import type { GdprRole, Runbook } from "./schema";
import type { IncidentState } from "./state";

/** Where an incident stands: what `incident status` and `incident list` show. Pure. */
export interface IncidentStatus {
  readonly id: string;
  readonly title: string;
  readonly runbook: string;
  readonly severity: string;
  readonly owner: string;
  readonly tenants: readonly string[];
  readonly gdprRole: GdprRole;
  readonly awareAt: string;
  readonly openedAt: string;
  readonly state: "open" | "closed";
  readonly phase: string;
  /** What the incident waits for, in a few words. */
  readonly waitingFor: string;
  readonly next?: { readonly step: string; readonly title: string; readonly action: string };
  readonly steps: readonly StepView[];
  readonly deadlines: readonly Deadline[];
  readonly overdue: boolean;
}

const WAITING: Record<string, string> = {
  complete: "nothing: every step is done (post-mortem and close)",
  closed: "nothing: closed",
  audit: "audit events to be written (run again with --execute)",
  execute: "the next action (run with --execute)",
  reconcile: "reconciliation of an interrupted action (run with --execute)",
  confirm: "a person to confirm a manual step",
  approval: "an approval by someone other than the requester",
  wait: "a wait to end",
  skip: "steps skipped by an onFailure jump (run again)",
  "needs-human": "A HUMAN: an action's outcome needs checking (--retry after checking)",
  aborted: "A HUMAN: a step failed and the runbook aborts (--retry after fixing)",
};

/** EmailMate's GDPR role for an incident: as started (`--gdpr-role`), else the runbook's. */
export function gdprRoleOf(runbook: Runbook, state: IncidentState): GdprRole {
  return state.meta.gdprRole ?? runbook.gdprRole;
}

/** The incident's deadlines now, by its GDPR role and the notices recorded as sent. Pure. */
export function deadlinesOf(runbook: Runbook, state: IncidentState, now: Date): Deadline[] {
  const m = state.meta;
  return computeDeadlines(
    {
      awareAt: m.awareAt,
      kinds: runbook.deadlines,
      noticesSent: state.noticesSent,
      gdprRole: gdprRoleOf(runbook, state),
      californiaResidents: typeof m.params.californiaResidents === "number" ? m.params.californiaResidents : undefined,
      closedAt: state.closed?.at,
    },
    now,
  );
}

export function incidentStatus(runbook: Runbook, state: IncidentState, now: Date): IncidentStatus {
  const m = state.meta;
  const d = nextDecision(runbook, state);
  const step = "step" in d ? d.step : undefined;
  const deadlines = deadlinesOf(runbook, state, now);
  return {
    id: m.id,
    title: m.title,
    runbook: m.runbook,
    severity: m.severity,
    owner: m.owner,
    tenants: m.tenants,
    gdprRole: gdprRoleOf(runbook, state),
    awareAt: m.awareAt,
    openedAt: m.openedAt,
    state: state.closed ? "closed" : "open",
    phase: state.closed ? "closed" : step?.phase ?? (d.kind === "complete" ? "postmortem" : "detect"),
    waitingFor: WAITING[d.kind] ?? d.kind,
    ...(step ? { next: { step: step.id, title: step.title, action: step.action } } : {}),
    steps: stepViews(runbook, state),
    deadlines,
    overdue: deadlines.some((x) => x.state === "overdue"),
  };
}
