import { DiagnosticsError, joinPath, type Diagnostic } from "../config/diagnostics";
import type { Locator } from "../config/yamlFile";
import type { Tenant } from "../tenants/load";
import { actionSpec, type ApiCall } from "./actions";
import { ReferenceError, resolveValue, type Scope } from "./interpolate";
import { parseRunbookText } from "./load";
import type { PlacedStep, Runbook } from "./schema";
import type { IncidentState } from "./state";

/** The runbook's locator, for located errors (the runbook text as the incident recorded it). */
function locatorOf(state: IncidentState): Locator | undefined {
  return parseRunbookText(state.meta.runbookFile, state.meta.runbookText).locator;
}

export function located(state: IncidentState, path: readonly (string | number)[], message: string): Diagnostic {
  const pos = locatorOf(state)?.at(path) ?? { line: 1, col: 1 };
  return { file: state.meta.runbookFile, line: pos.line, col: pos.col, code: "E_REFERENCE", path: joinPath(path), message };
}

/** The scope references resolve against: parameters, the incident, the tenant, outputs of steps done. */
export function scopeOf(state: IncidentState, tenants: readonly Tenant[], runbook: Runbook): Scope {
  const tenantParam = Object.entries(runbook.parameters).find(([, p]) => p.type === "tenant")?.[0];
  const tenant = tenantParam === undefined ? undefined : tenants.find((t) => t.id === state.meta.params[tenantParam]);
  const steps: Record<string, Record<string, unknown> | undefined> = {};
  for (const [id, st] of state.steps) if (st.status === "succeeded" || st.status === "confirmed") steps[id] = st.outputs ?? {};
  const m = state.meta;
  return {
    params: m.params,
    steps,
    incident: { id: m.id, title: m.title, runbook: m.runbook, severity: m.severity, owner: m.owner, awareAt: m.awareAt, openedAt: m.openedAt },
    tenant,
  };
}

/**
 * Resolves every reference that does not depend on step outputs (parameters, incident, tenant) in every step: run at
 * start and on every resume, so a bad reference is reported, located, before any step runs.
 */
export function checkReferencesResolve(runbook: Runbook, state: IncidentState, tenants: readonly Tenant[]): void {
  const scope = scopeOf(state, tenants, runbook);
  const problems: Diagnostic[] = [];
  for (const step of runbook.steps) {
    for (const [field, value] of [["inputs", step.inputs], ["assert", step.assert ?? {}]] as const) {
      try {
        resolveValue(value, scope, [...step.path, field], new Set(["params", "incident", "tenant"]));
      } catch (err) {
        if (err instanceof ReferenceError) problems.push(located(state, err.path, err.message));
        else throw err;
      }
    }
  }
  if (problems.length > 0) throw new DiagnosticsError(problems, `the references of runbook ${runbook.id} (no step was run)`);
}

/** The AWS calls a step makes, with outputs of steps not run yet left as written (`{{ steps.x.outputs.keyId }}`). */
export function callsOf(step: PlacedStep, state: IncidentState, tenants: readonly Tenant[], runbook: Runbook): ApiCall[] {
  const spec = actionSpec(step.action);
  if (spec.calls === undefined) return [];
  const scope = scopeOf(state, tenants, runbook);
  const path = [...step.path, "inputs"];
  let inputs: Record<string, unknown>;
  try {
    inputs = resolveValue(step.inputs, scope, path) as Record<string, unknown>;
  } catch {
    inputs = resolveValue(step.inputs, scope, path, new Set(["params", "incident", "tenant"])) as Record<string, unknown>;
  }
  return spec.calls(inputs);
}
