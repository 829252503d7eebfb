import { actionSpec, durationMs, type ActionName } from "./actions";
import { executorFor } from "./executors";
import { resolveValue } from "./interpolate";
import { scopeOf } from "./runScope";
import type { RunContext, RunResult } from "./runTypes";
import type { PlacedStep } from "./schema";
import type { IncidentState } from "./state";
import { errorInfo } from "./stepOutcome";
import { canonicalJson } from "./store";

/**
 * A wait: until its state holds (checked now, then every pollSeconds while the step's timeoutSeconds lasts), or until
 * its time. Returns a result when the run must stop and resume later; undefined once the step has an outcome.
 */
export async function waitStep(run: RunContext, state: IncidentState, step: PlacedStep, knownUntil: string | undefined, started: boolean): Promise<RunResult | undefined> {
  const { journal, deps, id, executed } = run;
  const now = run.now;
  let inputs: Record<string, unknown>;
  try {
    inputs = actionSpec("wait").inputs.parse(resolveValue(step.inputs, scopeOf(state, deps.tenants, run.runbook), [...step.path, "inputs"])) as Record<string, unknown>;
  } catch (err) {
    journal.append("step.failed", { ...run.base(step), attempt: 1, error: { ...errorInfo(err), transient: false } }, now());
    return undefined;
  }
  let until = knownUntil;
  if (!started) {
    until =
      inputs.until !== undefined
        ? new Date(Date.parse(String(inputs.until))).toISOString()
        : inputs.for !== undefined
          ? new Date(now().getTime() + durationMs(String(inputs.for))).toISOString()
          : undefined;
    journal.append("step.waiting", { ...run.base(step), until: until ?? null }, now());
  }
  const wanted = inputs.state as { action: ActionName; inputs: Record<string, unknown>; expect: Record<string, unknown> } | undefined;
  const budgetMs = step.timeoutSeconds * 1000;
  const pollMs = Number(inputs.pollSeconds) * 1000;
  for (let spent = 0; ; spent += pollMs) {
    if (wanted !== undefined) {
      if (deps.ports === undefined) throw new Error("execute needs AWS ports");
      const read = actionSpec(wanted.action);
      let observed: Record<string, unknown> | undefined;
      try {
        const readInputs = read.inputs.parse(wanted.inputs) as Record<string, unknown>;
        const ctx = { inputs: readInputs, timeoutMs: budgetMs, now: now(), ports: deps.ports };
        const executor = executorFor(wanted.action)!;
        observed = await executor.run({ ...ctx, prepared: executor.prepare ? await executor.prepare(ctx) : undefined });
      } catch (err) {
        const info = errorInfo(err);
        if (!info.transient) {
          journal.append("step.failed", { ...run.base(step), attempt: 1, error: info }, now());
          return undefined;
        }
        run.say(`${step.id}: reading the state failed (${info.message}); will check again`);
      }
      if (observed !== undefined && Object.entries(wanted.expect).every(([k, v]) => canonicalJson(observed![k]) === canonicalJson(v))) {
        journal.append("step.succeeded", { ...run.base(step), attempt: 1, outputs: { reachedAt: now().toISOString(), observed } }, now());
        return undefined;
      }
      if (until !== undefined && now().getTime() >= Date.parse(until)) {
        const message = `the state ${canonicalJson(wanted.expect)} did not hold by ${until}${observed ? `; last seen ${canonicalJson(observed)}` : ""}`;
        journal.append("step.failed", { ...run.base(step), attempt: 1, error: { code: "E_WAIT_TIMEOUT", message, transient: false } }, now());
        return undefined;
      }
      if (spent + pollMs <= budgetMs) {
        await run.sleep(pollMs);
        continue;
      }
      const by = until === undefined ? "" : ` (giving up at ${until})`;
      return { id, state: "waiting", step: step.id, message: `${step.id} waits until ${canonicalJson(wanted.expect)} holds${by}; run \`incident run ${id} --execute\` again`, executed, planned: [] };
    }
    if (until !== undefined && now().getTime() >= Date.parse(until)) {
      journal.append("step.succeeded", { ...run.base(step), attempt: 1, outputs: { reachedAt: now().toISOString() } }, now());
      return undefined;
    }
    return { id, state: "waiting", step: step.id, message: `${step.id} waits until ${until}; run \`incident run ${id} --execute\` again then`, executed, planned: [] };
  }
}
