import { actionSpec } from "./actions";
import { executorFor, type Reconciliation } from "./executors";
import { ReferenceError, resolveValue } from "./interpolate";
import { draftNotices } from "./notices";
import { maxAttemptsOf } from "./planner";
import { recordEventOf } from "./runAudit";
import { runnerHooks } from "./runnerHooks";
import { located, scopeOf } from "./runScope";
import type { RunContext } from "./runTypes";
import type { PlacedStep } from "./schema";
import type { IncidentState } from "./state";
import { assertOutputs, errorInfo } from "./stepOutcome";
import { canonicalJson, sha256 } from "./store";
import { writeDrafts } from "./drafts";
import { ExitCode, OpsError } from "../core/errors";

/** Settles an attempt that started but has no outcome, by reading AWS state; never repeats a non-idempotent call. */
export async function reconcileStep(run: RunContext, state: IncidentState, step: PlacedStep): Promise<void> {
  const { journal, deps, opts } = run;
  const spec = actionSpec(step.action);
  const started = state.steps.get(step.id)!.inFlight!;
  const executor = executorFor(step.action);
  if (executor === undefined || deps.ports === undefined) throw new Error(`cannot reconcile ${step.action}`);
  run.say(`reconciling ${step.id}: attempt ${started.attempt} started at an unknown outcome; reading AWS state`);
  let r: Reconciliation;
  try {
    r = await executor.reconcile({
      inputs: started.inputs as Record<string, unknown>,
      prepared: started.prepared as Record<string, unknown> | undefined,
      auditEvent: recordEventOf(started, state, opts.operator),
      timeoutMs: step.timeoutSeconds * 1000,
      now: run.now(),
      ports: deps.ports,
    });
  } catch (err) {
    throw new OpsError("E_RECONCILE", `cannot read AWS state to reconcile step ${step.id}: ${errorInfo(err).message}; nothing was retried`, { exitCode: ExitCode.environment, cause: err });
  }
  const needsHuman = !spec.idempotent && r.result !== "done";
  const reason =
    r.result === "not-done"
      ? `AWS state shows ${step.action} was not performed; it is not idempotent, so only a human may try it again`
      : r.result === "unknown"
        ? r.reason
        : undefined;
  journal.append("step.reconciled", { ...run.base(step), attempt: started.attempt, result: r.result, observed: r.observed, needsHuman, ...(reason ? { reason } : {}) }, run.now());
  if (r.result === "done") {
    journal.append(
      "step.succeeded",
      {
        ...run.base(step),
        attempt: started.attempt,
        outputs: r.outputs,
        via: "reconcile",
        inputsDigest: started.inputsDigest,
        // An audit.record step's own event is its record; every other action gets one.
        ...(step.action === "audit.record" ? {} : { auditEventId: opts.ids() }),
      },
      run.now(),
    );
    run.executed.push(step.id);
  }
}

/** One attempt of a step: `step.started` (exact inputs, digest, calls) before the call, its outcome after. */
export async function executeStep(run: RunContext, state: IncidentState, step: PlacedStep, attempt: number): Promise<void> {
  const { journal, deps, opts, runbook } = run;
  const now = run.now;
  const spec = actionSpec(step.action);
  if (step.action === "approve") {
    journal.append("step.succeeded", { ...run.base(step), attempt, outputs: { approvedBy: state.steps.get(step.id)!.verifiedApprovals.join(", ") } }, now());
    return;
  }
  const executor = executorFor(step.action);
  if (executor === undefined) throw new Error(`no executor for ${step.action}`);
  if (deps.ports === undefined) throw new Error("execute needs AWS ports");
  let inputs: Record<string, unknown>;
  try {
    inputs = spec.inputs.parse(resolveValue(step.inputs, scopeOf(state, deps.tenants, runbook), [...step.path, "inputs"])) as Record<string, unknown>;
  } catch (err) {
    const message =
      err instanceof ReferenceError
        ? (() => {
            const d = located(state, err.path, err.message);
            return `${d.file}:${d.line}:${d.col}: ${d.message}`;
          })()
        : errorInfo(err).message;
    journal.append("step.failed", { ...run.base(step), attempt, error: { code: err instanceof ReferenceError ? "E_REFERENCE" : "E_INPUT", message, transient: false } }, now());
    return;
  }
  const inputsDigest = sha256(canonicalJson(inputs));
  const ctxBase = { inputs, timeoutMs: step.timeoutSeconds * 1000, now: now(), ports: deps.ports };
  let prepared: Record<string, unknown> | undefined;
  try {
    prepared = executor.prepare ? await executor.prepare(ctxBase) : undefined;
  } catch (err) {
    const info = errorInfo(err);
    journal.append("step.failed", { ...run.base(step), attempt, inputsDigest, error: info, phase: "prepare" }, now());
    if (info.transient && state.steps.get(step.id)!.failures + 1 < maxAttemptsOf(step)) await run.sleep(run.backoff(attempt));
    return;
  }
  const recordEventId = step.action === "audit.record" ? opts.ids() : undefined;
  const calls = spec.calls ? spec.calls(inputs) : [];
  const startedAt = now().toISOString();
  const startedData = { ...run.base(step), attempt, inputs, inputsDigest, calls, ...(prepared ? { prepared } : {}), ...(recordEventId ? { recordEventId, recordedAt: startedAt } : {}) };
  journal.append("step.started", startedData, now());
  const auditEvent = recordEventOf(startedData, state, opts.operator);
  const ctx = {
    ...ctxBase,
    prepared,
    auditEvent,
    draftNotices: (audience: string) => {
      const affected = deps.tenants.filter((t) => state.meta.tenants.includes(t.id));
      const drafts = draftNotices(audience, runbook, state, affected, opts.contactPoint, now());
      return writeDrafts(deps.folder, "notices", drafts.map((n) => ({ name: n.name, text: n.text })), state.fileDigests, now());
    },
  };
  let outputs: Record<string, unknown>;
  try {
    outputs = await executor.run(ctx);
  } catch (err) {
    const info = errorInfo(err);
    if (!spec.idempotent) {
      // The call may or may not have happened: read AWS state instead of guessing.
      let r: Reconciliation;
      try {
        r = await executor.reconcile(ctx);
      } catch (e) {
        r = { result: "unknown", observed: {}, reason: `could not read AWS state: ${errorInfo(e).message}` };
      }
      if (r.result === "done") {
        journal.append("step.succeeded", { ...run.base(step), attempt, outputs: r.outputs, via: "reconcile", inputsDigest, auditEventId: opts.ids() }, now());
        run.executed.push(step.id);
        return;
      }
      const needsHuman = r.result === "unknown";
      journal.append(
        "step.failed",
        { ...run.base(step), attempt, inputsDigest, error: { ...info, transient: false }, ...(needsHuman ? { needsHuman: true, observed: r.observed } : {}), auditEventId: opts.ids() },
        now(),
      );
      return;
    }
    journal.append("step.failed", { ...run.base(step), attempt, inputsDigest, error: info, ...(recordEventId ? {} : { auditEventId: opts.ids() }) }, now());
    run.say(`${step.id}: attempt ${attempt} failed: ${info.message}`);
    if (info.transient && state.steps.get(step.id)!.failures + 1 < maxAttemptsOf(step)) await run.sleep(run.backoff(attempt));
    return;
  }
  runnerHooks.afterCall?.(step.id);
  const assertion = assertOutputs(step, step.assert as Record<string, unknown> | undefined, outputs);
  if (assertion !== undefined) {
    journal.append("step.failed", { ...run.base(step), attempt, inputsDigest, outputs, error: { code: "E_ASSERT", message: assertion, transient: false }, auditEventId: opts.ids() }, now());
    return;
  }
  journal.append("step.succeeded", { ...run.base(step), attempt, outputs, inputsDigest, ...(recordEventId ? {} : { auditEventId: opts.ids() }) }, now());
  run.executed.push(step.id);
  run.say(`${step.id}: done`);
}
