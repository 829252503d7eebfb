import type { ResourceRecord } from "../core/resource";

/** What `planStack` returns and `emailmate-ops plan --json` prints. */
export interface PlanResult {
  readonly stack: string;
  /** Tenant ids the stack (shard) declares, sorted. */
  readonly tenants: string[];
  /** Every resource the program registers: components first within their group, then their children. */
  readonly resources: ResourceRecord[];
}

/** How secret inputs appear in a plan: the value is never known offline, and never printed. */
export const SECRET_PLACEHOLDER = "[secret]";
