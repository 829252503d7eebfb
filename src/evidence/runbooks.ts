import { PHASES, type Phase } from "../incident/phases";
import type { Runbook } from "../incident/schema";

/** What the evidence bundle says of one validated runbook (SOC 2 CC7.3–CC7.5: a defined incident-response program). */
export interface RunbookEvidence {
  readonly id: string;
  readonly title: string;
  readonly severity: string;
  readonly file: string;
  /** Steps per phase, in the security page's order: detect → contain → eradicate → recover → notify → post-mortem. */
  readonly steps: Readonly<Record<Phase, number>>;
  /** Phases with no step (a gap an auditor should ask about). */
  readonly emptyPhases: readonly Phase[];
  /** Steps that need a human's approval before they run. */
  readonly approvals: number;
  readonly actions: readonly string[];
}

/** The runbook inventory, sorted by id. Pure. */
export function runbookInventory(runbooks: readonly Runbook[]): RunbookEvidence[] {
  return [...runbooks]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => {
      const steps = Object.fromEntries(PHASES.map((p) => [p, r.phases[p].length])) as Record<Phase, number>;
      return {
        id: r.id,
        title: r.title,
        severity: r.severity,
        file: r.file,
        steps,
        emptyPhases: PHASES.filter((p) => steps[p] === 0),
        approvals: r.steps.filter((s) => s.approval !== undefined).length,
        actions: [...new Set(r.steps.map((s) => s.action))].sort(),
      };
    });
}
