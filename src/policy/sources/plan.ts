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
    records: plan.resources.map((r) => (r.outputs === undefined ? r : { ...r, outputs: { ...r.props, ...r.outputs } })),
  };
}
