import { applyHuman } from "./humanInput";
import { dryRun } from "./dryRun";
import { nextDecision } from "./planner";
import { writePendingAudits } from "./runAudit";
import { checkReferencesResolve } from "./runScope";
import type { RunContext, RunDeps, RunOptions, RunResult } from "./runTypes";
import type { PlacedStep } from "./schema";
import { foldJournal } from "./state";
import { executeStep, reconcileStep } from "./stepExec";
import { waitStep } from "./waitStep";

export type { Operator, PlannedStep, RunDeps, RunOptions, RunResult, RunState } from "./runTypes";
export { checkReferencesResolve, scopeOf } from "./runScope";
export { runnerHooks } from "./runnerHooks";

const defaultBackoff = (attempt: number) => Math.min(10_000, 250 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);

function runContext(deps: RunDeps, opts: RunOptions, id: string): RunContext {
  const op = opts.operator;
  return {
    deps,
    opts,
    journal: deps.journal,
    runbook: deps.runbook,
    stepIds: deps.runbook.steps.map((s) => s.id),
    id,
    executed: [],
    say: opts.say ?? (() => undefined),
    sleep: opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    backoff: opts.backoffMs ?? defaultBackoff,
    now: () => opts.clock.now(),
    base: (step: PlacedStep) => ({
      step: step.id,
      action: step.action,
      by: op.actor,
      host: op.host,
      ...(op.verified ? {} : { unverified: true }),
      ...(opts.execute ? {} : { dryRun: true }),
    }),
  };
}

/** `--confirm`/`--approve` steps the run never reached (it stopped before them). */
function unusedFlags(run: RunContext): string[] {
  const state = foldJournal(run.journal.entries, run.stepIds);
  const out: string[] = [];
  for (const step of run.opts.confirm?.keys() ?? []) if (state.steps.get(step)?.status !== "confirmed") out.push(`--confirm ${step}`);
  for (const step of run.opts.approve ?? []) {
    const st = state.steps.get(step);
    const mine = run.opts.operator.verified ? st?.verifiedApprovals : st?.approvals;
    if (!mine?.includes(run.opts.operator.actor)) out.push(`--approve ${step}`);
  }
  return out;
}

/**
 * Runs (or, by default, plans) an incident from where its journal stands. Every decision comes from the journal, so a
 * run killed at any point continues where it stopped: an attempt that started but has no outcome is reconciled with
 * AWS state before anything is retried, and audit events not yet written are written first.
 */
export async function runIncident(deps: RunDeps, opts: RunOptions): Promise<RunResult> {
  const { journal, runbook } = deps;
  const stepIds = runbook.steps.map((s) => s.id);
  const state0 = foldJournal(journal.entries, stepIds);
  checkReferencesResolve(runbook, state0, deps.tenants);
  const run = runContext(deps, opts, state0.meta.id);
  const result = opts.execute ? await executeLoop(run) : await dryRun(run);
  const unused = unusedFlags(run);
  if (unused.length === 0) return result;
  return { ...result, unused, message: `${result.message}\nnot used this run (the run stopped before them, or you requested the step yourself): ${unused.join(", ")}` };
}

async function executeLoop(run: RunContext): Promise<RunResult> {
  const { journal, runbook, opts, id, executed, stepIds } = run;
  for (let guard = 0; guard < 100_000; guard++) {
    const state = foldJournal(journal.entries, stepIds);
    // Only approvals and requests made by verified identities (ARNs) count when acting on AWS.
    const d = nextDecision(runbook, state, { verifiedOnly: true });
    switch (d.kind) {
      case "audit":
        await writePendingAudits(run, state);
        continue;
      case "closed":
        return { id, state: "closed", message: `${id} is closed`, executed, planned: [] };
      case "complete":
        return { id, state: "complete", message: `${id}: every step is done; next: \`incident postmortem ${id}\` and \`incident close ${id}\``, executed, planned: [] };
      case "aborted":
      case "needs-human": {
        if (opts.retry?.has(d.step.id)) {
          journal.append("step.retryAuthorized", { ...run.base(d.step), note: opts.retryNote ?? null }, run.now());
          continue;
        }
        if (opts.prompt && d.kind === "needs-human") {
          run.say(`\n${d.step.id}: ${d.reason}`);
          const answer = await opts.prompt(`Type the step id to authorize another attempt of ${d.step.id} (empty to stop): `);
          if (answer?.trim() === d.step.id) {
            journal.append("step.retryAuthorized", { ...run.base(d.step), note: "authorized at the prompt" }, run.now());
            continue;
          }
        }
        const hint = `after checking by hand: \`incident run ${id} --execute --retry ${d.step.id}\` (or \`--confirm\` a manual workaround)`;
        return { id, state: d.kind, step: d.step.id, message: `${d.kind === "aborted" ? "ABORTED" : "NEEDS A HUMAN"}: ${d.reason}; ${hint}`, executed, planned: [] };
      }
      case "skip":
        journal.append("step.skipped", { ...run.base(d.step), reason: d.reason }, run.now());
        continue;
      case "confirm":
      case "approval": {
        if ((await applyHuman(run, state, d)) === "applied") continue;
        const what =
          d.kind === "confirm"
            ? `confirmation: \`incident run ${id} --execute --confirm ${d.step.id} --note "…"\``
            : `approval by a principal other than ${d.requestedBy ?? opts.operator.actor}: \`incident run ${id} --execute --approve ${d.step.id}\` with their own AWS credentials`;
        return { id, state: d.kind === "confirm" ? "awaiting-confirmation" : "awaiting-approval", step: d.step.id, message: `${d.step.id} (${d.step.title}) needs ${what}`, executed, planned: [] };
      }
      case "wait": {
        const stopped = await waitStep(run, state, d.step, d.until, d.started);
        if (stopped !== undefined) return stopped;
        continue;
      }
      case "reconcile":
        await reconcileStep(run, state, d.step);
        continue;
      case "execute":
        await executeStep(run, state, d.step, d.attempt);
        continue;
    }
  }
  throw new Error("runner made no progress");
}
