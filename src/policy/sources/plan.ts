import type { ResourceRecord } from "../../core/resource";
import type { PolicySource } from "./types";

/** The offline plan's result, as `src/plan` returns it. */
export interface PlanLike {
  readonly stack: string;
  readonly tenants: readonly string[];
  readonly resources: readonly ResourceRecord[];
}

/**
 * The offline plan as a policy source: inputs for resource checks; for stack checks, the synthesized outputs over
 * the inputs (the mocks return ids and ARNs, the inputs hold everything else).
 */
export function fromPlan(plan: PlanLike): PolicySource {
  return {
    kind: "plan",
    stack: plan.stack,
    records: plan.resources.map((r) => (r.outputs === undefined || holdsAll(r.outputs, r.props) ? r : { ...r, outputs: { ...r.props, ...r.outputs } })),
  };
}

/** Whether `outputs` already has every input (a provider's state does: the inputs plus what it computed). */
function holdsAll(outputs: Readonly<Record<string, unknown>>, props: Readonly<Record<string, unknown>>): boolean {
  for (const k in props) if (!Object.prototype.hasOwnProperty.call(outputs, k) || outputs[k] !== props[k]) return false;
  return true;
}
