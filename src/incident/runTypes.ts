import type { IdGenerator } from "../audit/ids";
import type { Clock } from "../core/clock";
import type { ApiCall } from "./actions";
import type { IncidentPorts } from "./executors";
import type { Journal } from "./journal";
import type { PlacedStep, Runbook } from "./schema";
import type { Tenant } from "../tenants/load";

/** Who runs, from where: what the journal and audit events record about the operator. */
export interface Operator {
  /** The principal's ARN when `verified`; otherwise a free-text name (`--as`, $EMAILMATE_OPERATOR, the login). */
  readonly actor: string;
  /** True when `actor` comes from the credentials (sts:GetCallerIdentity); free-text names are never verified. */
  readonly verified: boolean;
  readonly host: string;
  readonly ip: string;
  readonly userAgent: string;
}

export interface RunOptions {
  /** Perform AWS actions. Without it (the default) they are journaled as planned and never performed. */
  readonly execute: boolean;
  readonly operator: Operator;
  /** `--confirm <step> --note …`: manual steps confirmed without a prompt. */
  readonly confirm?: ReadonlyMap<string, string>;
  /** `--approve <step>`: approvals given by the operator. */
  readonly approve?: ReadonlySet<string>;
  /** `--retry <step>`: a human authorizes another attempt of a failed or unsettled step. */
  readonly retry?: ReadonlySet<string>;
  readonly retryNote?: string;
  /** Asks on a terminal; undefined (no terminal) means never ask. Returns undefined at end of input. */
  readonly prompt?: (question: string) => Promise<string | undefined>;
  /** Progress lines for the operator (stderr). */
  readonly say?: (line: string) => void;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Delay before attempt n+1 after a transient error (n ≥ 1). */
  readonly backoffMs?: (attempt: number) => number;
  /** Contact point for notices (Art. 33(3)(b)). */
  readonly contactPoint: string;
}

export interface RunDeps {
  readonly journal: Journal;
  readonly runbook: Runbook;
  readonly folder: string;
  readonly tenants: readonly Tenant[];
  /** Needed with execute; dry runs never touch them. */
  readonly ports?: IncidentPorts;
}

export type RunState =
  | "complete"
  | "dry-run"
  | "awaiting-confirmation"
  | "awaiting-approval"
  | "waiting"
  | "needs-human"
  | "aborted"
  | "closed";

export interface PlannedStep {
  readonly step: string;
  readonly phase: string;
  readonly action: string;
  readonly calls: readonly ApiCall[];
  readonly needs?: string;
}

export interface RunResult {
  readonly id: string;
  readonly state: RunState;
  readonly step?: string;
  readonly message: string;
  readonly executed: readonly string[];
  readonly planned: readonly PlannedStep[];
  /** `--confirm`/`--approve` steps this run did not reach (it stopped earlier): give them again on the next run. */
  readonly unused?: readonly string[];
}

/** What the parts of one run share: the incident, the options, and the run's own bookkeeping. */
export interface RunContext {
  readonly deps: RunDeps;
  readonly opts: RunOptions;
  readonly journal: Journal;
  readonly runbook: Runbook;
  readonly stepIds: readonly string[];
  readonly id: string;
  readonly executed: string[];
  readonly say: (line: string) => void;
  readonly sleep: (ms: number) => Promise<void>;
  readonly backoff: (attempt: number) => number;
  readonly now: () => Date;
  /** The fields every step entry carries: step, action, who, from where (and whether the name is unverified). */
  readonly base: (step: PlacedStep) => Record<string, unknown>;
}
