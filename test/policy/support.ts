import { fixedClock } from "../../src/core/clock";
import type { ResourceRecord } from "../../src/core/resource";
import { evaluate, type Evaluation } from "../../src/policy/engine/evaluate";
import type { PolicyPackConfig } from "../../src/policy/engine/config";
import type { Check, CheckStatus } from "../../src/policy/types";

export const CLOCK = fixedClock("2026-11-29T12:00:00Z");
export const STACK = "dev";
export const PROJECT = "emailmate-ops";

/** A URN as Pulumi builds it, with the type chain of parent components. */
export function urn(type: string, name: string, parents: readonly string[] = []): string {
  return `urn:pulumi:${STACK}::${PROJECT}::${[...parents, type].join("$")}::${name}`;
}

export function record(type: string, name: string, props: Record<string, unknown>, extra: Partial<ResourceRecord> = {}): ResourceRecord {
  return { urn: urn(type, name), type, name, props, ...extra };
}

export interface CheckOutcome {
  readonly status: CheckStatus | "not-applicable";
  /** Fail/manual messages, or the not-applicable reason. */
  readonly messages: readonly string[];
}

/** Runs one check over records with the engine's semantics and sums up what it said about `about` (default: all). */
export function run(check: Check, records: readonly ResourceRecord[], config?: PolicyPackConfig): CheckOutcome & { evaluation: Evaluation } {
  const evaluation = evaluate(records, { checks: [check], clock: CLOCK, ...(config !== undefined ? { config } : {}) });
  const na = evaluation.notApplicable;
  const tested = evaluation.findings.filter((f) => f.status !== "not-evaluated");
  if (tested.length === 0 && na.length > 0) return { status: "not-applicable", messages: na.map((n) => n.reason), evaluation };
  const statuses = new Set(evaluation.findings.map((f) => f.status));
  const status: CheckStatus = (["error", "manual", "fail", "suppressed", "pass", "not-evaluated"] as const).find((s) => statuses.has(s)) ?? "not-evaluated";
  return { status, messages: evaluation.findings.filter((f) => f.status !== "pass").map((f) => f.message), evaluation };
}

/** Deep copy with one property path changed (or removed, with `undefined`). */
export function withProp<T extends Record<string, unknown>>(props: T, path: string, value: unknown): T {
  const copy = structuredClone(props) as Record<string, unknown>;
  const keys = path.split(".");
  let cur: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) {
    if (typeof cur[k] !== "object" || cur[k] === null) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return copy as T;
}
