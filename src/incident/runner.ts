import { ZodError } from "zod";
import type { AuditEvent } from "../audit/event";
import { PLATFORM_TENANT } from "../audit/event";
import type { IdGenerator } from "../audit/ids";
import { DiagnosticsError, joinPath, type Diagnostic } from "../config/diagnostics";
import type { Locator } from "../config/yamlFile";
import { isTransientAwsError } from "../aws/errors";
import type { Clock } from "../core/clock";
import { ExitCode, OpsError, usageError } from "../core/errors";
import type { Tenant } from "../tenants/load";
import { actionSpec, durationMs, type ActionName, type ApiCall } from "./actions";
import { executorFor, type IncidentPorts, type Reconciliation } from "./executors";
import { ReferenceError, resolveValue, type Scope } from "./interpolate";
import type { Journal, JournalEntry } from "./journal";
import { parseRunbookText } from "./load";
import { draftNotices } from "./notices";
import { approversNeeded, maxAttemptsOf, nextDecision, type Decision } from "./planner";
import type { PlacedStep, Runbook } from "./schema";
import { foldJournal, type IncidentState } from "./state";
import { canonicalJson, sha256, writeIncidentFiles } from "./store";

/** Who runs, from where: what audit events record about the operator. */
export interface Operator {
  readonly actor: string;
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
}

/** For tests that crash the runner on purpose: called right after an AWS call returned, before its outcome is journaled. */
export const runnerHooks: { afterCall?: (step: string) => void } = {};

const defaultBackoff = (attempt: number) => Math.min(10_000, 250 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);

/** The runbook's locator, for located errors (the runbook text as the incident recorded it). */
function locatorOf(state: IncidentState): Locator | undefined {
  return parseRunbookText(state.meta.runbookFile, state.meta.runbookText).locator;
}

function located(state: IncidentState, path: readonly (string | number)[], message: string): Diagnostic {
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

function auditEventOf(entry: JournalEntry, state: IncidentState, operator: Operator): AuditEvent {
  const d = entry.data;
  const tenant = state.meta.tenants.length === 1 ? state.meta.tenants[0]! : PLATFORM_TENANT;
  const outcome = entry.type === "step.failed" ? "failure" : "success";
  return {
    eventId: String(d.auditEventId),
    tenant,
    actor: { type: "user", id: String(d.by ?? operator.actor) },
    action: "incident.action",
    target: `${state.meta.id}/${String(d.step)}`,
    timestamp: entry.at,
    ip: operator.ip,
    userAgent: operator.userAgent,
    outcome,
    metadata: {
      incident: state.meta.id,
      runbook: state.meta.runbook,
      step: d.step,
      stepAction: d.action,
      kind: entry.type,
      inputsDigest: d.inputsDigest ?? null,
      host: String(d.host ?? operator.host),
      ...(d.attempt === undefined ? {} : { attempt: d.attempt }),
      ...(d.error === undefined ? {} : { error: d.error }),
      ...(d.via === undefined ? {} : { via: d.via }),
    },
  };
}

function errorInfo(err: unknown): { code: string; message: string; transient: boolean } {
  const cause = err instanceof OpsError && err.cause !== undefined ? err.cause : err;
  const transient = isTransientAwsError(cause) || (cause as { name?: string } | undefined)?.name === "TimeoutError";
  if (err instanceof OpsError) return { code: err.code, message: err.message, transient };
  if (err instanceof ZodError) return { code: "E_INPUT", message: err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "), transient: false };
  return { code: "E_ACTION", message: err instanceof Error ? err.message : String(err), transient };
}

function assertOutputs(step: PlacedStep, expected: Record<string, unknown> | undefined, outputs: Record<string, unknown>): string | undefined {
  if (expected === undefined) return undefined;
  const wrong = Object.entries(expected).filter(([k, v]) => canonicalJson(outputs[k]) !== canonicalJson(v));
  if (wrong.length === 0) return undefined;
  return `assert of step ${step.id} failed: ${wrong.map(([k, v]) => `${k} is ${canonicalJson(outputs[k])}, expected ${canonicalJson(v)}`).join("; ")}`;
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
  const id = state0.meta.id;
  const executed: string[] = [];
  const say = opts.say ?? (() => undefined);
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const backoff = opts.backoffMs ?? defaultBackoff;
  const now = () => opts.clock.now();
  const base = (step: PlacedStep) => ({ step: step.id, action: step.action, by: opts.operator.actor, host: opts.operator.host });

  // Human input given on the command line applies in both modes.
  const applyHuman = async (state: IncidentState, d: Decision, mayPrompt = true): Promise<"applied" | "stop"> => {
    const prompt = mayPrompt ? opts.prompt : undefined;
    if (d.kind === "confirm") {
      const st = d.step;
      let note = opts.confirm?.get(st.id);
      if (note === undefined && prompt) {
        let instructions: unknown = st.inputs.instructions;
        try {
          instructions = resolveValue(st.inputs.instructions, scopeOf(state, deps.tenants, runbook), [...st.path, "inputs", "instructions"]);
        } catch {
          // shown as written when a step output it names is not known (its step failed and was skipped)
        }
        say(`\n[${st.phase}] ${st.id}: ${st.title}\n  ${String(instructions ?? "")}`);
        note = await prompt(`Note to confirm ${st.id} (empty to stop here): `);
      }
      if (note === undefined || note.trim() === "") return "stop";
      journal.append("step.confirmed", { ...base(st), note: note.trim(), auditEventId: opts.ids() }, now());
      return "applied";
    }
    if (d.kind === "approval") {
      const st = d.step;
      let requestedBy = d.requestedBy;
      if (requestedBy === undefined) {
        const calls = callsOf(st, state);
        journal.append("approval.requested", { ...base(st), calls }, now());
        requestedBy = opts.operator.actor;
        say(`approval requested for ${st.id} (${st.action}) by ${requestedBy}`);
      }
      let approver: string | undefined = opts.approve?.has(st.id) ? opts.operator.actor : undefined;
      // On a terminal the person at the keyboard approves as themselves; the requester is not even asked.
      if (approver === undefined && prompt && opts.operator.actor !== requestedBy && !d.have.includes(opts.operator.actor)) {
        say(`\n[${st.phase}] ${st.id}: ${st.title} needs ${d.needed - d.have.length} more approval(s); requested by ${requestedBy}`);
        const calls = callsOf(st, state);
        for (const c of calls) say(`  ${c.service}:${c.operation} ${JSON.stringify(c.input)}`);
        const answer = (await prompt(`Type "approve" to approve ${st.id} as ${opts.operator.actor} (anything else stops here): `))?.trim();
        if (answer === "approve") approver = opts.operator.actor;
      }
      if (approver === undefined) return "stop";
      if (approver === requestedBy) {
        throw usageError("E_SELF_APPROVAL", `${approver} requested step ${st.id} and cannot approve it: nobody approves their own request`, "ask another engineer to run `incident run <id> --approve <step> --as <name>`");
      }
      if (d.have.includes(approver)) throw usageError("E_DUPLICATE_APPROVAL", `${approver} has already approved step ${st.id}; another person must approve`);
      journal.append("approval.granted", { ...base(st), by: approver, auditEventId: opts.ids() }, now());
      return "applied";
    }
    return "stop";
  };

  const callsOf = (step: PlacedStep, state: IncidentState): ApiCall[] => {
    const spec = actionSpec(step.action);
    if (spec.calls === undefined) return [];
    const scope = scopeOf(state, deps.tenants, runbook);
    const path = [...step.path, "inputs"];
    let inputs: Record<string, unknown>;
    try {
      inputs = resolveValue(step.inputs, scope, path) as Record<string, unknown>;
    } catch {
      // Outputs of steps not run yet stay as written: `{{ steps.describe-key.outputs.keyId }}`.
      inputs = resolveValue(step.inputs, scope, path, new Set(["params", "incident", "tenant"])) as Record<string, unknown>;
    }
    return spec.calls(inputs);
  };

  if (!opts.execute) return dryRun();

  for (let guard = 0; guard < 100_000; guard++) {
    const state = foldJournal(journal.entries, stepIds);
    const d = nextDecision(runbook, state);
    switch (d.kind) {
      case "audit": {
        if (deps.ports === undefined) throw new Error("execute needs AWS ports");
        const events = state.pendingAudits.map((e) => auditEventOf(e, state, opts.operator));
        for (let attempt = 1; ; attempt++) {
          try {
            await deps.ports.audit.record(events);
            break;
          } catch (err) {
            if (attempt >= 3 || !errorInfo(err).transient) {
              throw new OpsError("E_AUDIT_WRITE", `could not write ${events.length} audit event(s) for ${id}: ${errorInfo(err).message}; the actions are journaled, run again to write them`, {
                exitCode: ExitCode.environment,
                cause: err,
              });
            }
            await sleep(backoff(attempt));
          }
        }
        for (const e of events) journal.append("audit.recorded", { eventId: e.eventId, step: e.metadata?.step }, now());
        continue;
      }
      case "closed":
        return { id, state: "closed", message: `${id} is closed`, executed, planned: [] };
      case "complete":
        return { id, state: "complete", message: `${id}: every step is done; next: \`incident postmortem ${id}\` and \`incident close ${id}\``, executed, planned: [] };
      case "aborted":
      case "needs-human": {
        if (opts.retry?.has(d.step.id)) {
          journal.append("step.retryAuthorized", { ...base(d.step), note: opts.retryNote ?? null }, now());
          continue;
        }
        if (opts.prompt && d.kind === "needs-human") {
          say(`\n${d.step.id}: ${d.reason}`);
          const answer = await opts.prompt(`Type the step id to authorize another attempt of ${d.step.id} (empty to stop): `);
          if (answer?.trim() === d.step.id) {
            journal.append("step.retryAuthorized", { ...base(d.step), note: "authorized at the prompt" }, now());
            continue;
          }
        }
        const hint = `after checking by hand: \`incident run ${id} --execute --retry ${d.step.id}\` (or \`--confirm\` a manual workaround)`;
        return { id, state: d.kind, step: d.step.id, message: `${d.kind === "aborted" ? "ABORTED" : "NEEDS A HUMAN"}: ${d.reason}; ${hint}`, executed, planned: [] };
      }
      case "skip":
        journal.append("step.skipped", { ...base(d.step), reason: d.reason }, now());
        continue;
      case "confirm":
      case "approval": {
        if ((await applyHuman(state, d)) === "applied") continue;
        const what = d.kind === "confirm" ? `confirmation: \`incident run ${id} --execute --confirm ${d.step.id} --note "…"\`` : `approval by someone other than ${d.requestedBy ?? opts.operator.actor}: \`incident run ${id} --execute --approve ${d.step.id} --as <name>\``;
        return { id, state: d.kind === "confirm" ? "awaiting-confirmation" : "awaiting-approval", step: d.step.id, message: `${d.step.id} (${d.step.title}) needs ${what}`, executed, planned: [] };
      }
      case "wait": {
        const stopped = await waitStep(state, d.step, d.until, d.started);
        if (stopped !== undefined) return stopped;
        continue;
      }
      case "reconcile":
        await reconcile(state, d.step);
        continue;
      case "execute":
        await execute(state, d.step, d.attempt);
        continue;
    }
  }
  throw new Error("runner made no progress");

  /**
   * A wait: until its state holds (checked now, then every pollSeconds while the step's timeoutSeconds lasts), or until
   * its time. Returns a result when the run must stop and resume later; undefined once the step has an outcome.
   */
  async function waitStep(state: IncidentState, step: PlacedStep, knownUntil: string | undefined, started: boolean): Promise<RunResult | undefined> {
    let inputs: Record<string, unknown>;
    try {
      inputs = actionSpec("wait").inputs.parse(resolveValue(step.inputs, scopeOf(state, deps.tenants, runbook), [...step.path, "inputs"])) as Record<string, unknown>;
    } catch (err) {
      journal.append("step.failed", { ...base(step), attempt: 1, error: { ...errorInfo(err), transient: false } }, now());
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
      journal.append("step.waiting", { ...base(step), until: until ?? null }, now());
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
            journal.append("step.failed", { ...base(step), attempt: 1, error: info }, now());
            return undefined;
          }
          say(`${step.id}: reading the state failed (${info.message}); will check again`);
        }
        if (observed !== undefined && Object.entries(wanted.expect).every(([k, v]) => canonicalJson(observed![k]) === canonicalJson(v))) {
          journal.append("step.succeeded", { ...base(step), attempt: 1, outputs: { reachedAt: now().toISOString(), observed } }, now());
          return undefined;
        }
        if (until !== undefined && now().getTime() >= Date.parse(until)) {
          const message = `the state ${canonicalJson(wanted.expect)} did not hold by ${until}${observed ? `; last seen ${canonicalJson(observed)}` : ""}`;
          journal.append("step.failed", { ...base(step), attempt: 1, error: { code: "E_WAIT_TIMEOUT", message, transient: false } }, now());
          return undefined;
        }
        if (spent + pollMs <= budgetMs) {
          await sleep(pollMs);
          continue;
        }
        const by = until === undefined ? "" : ` (giving up at ${until})`;
        return { id, state: "waiting", step: step.id, message: `${step.id} waits until ${canonicalJson(wanted.expect)} holds${by}; run \`incident run ${id} --execute\` again`, executed, planned: [] };
      }
      if (until !== undefined && now().getTime() >= Date.parse(until)) {
        journal.append("step.succeeded", { ...base(step), attempt: 1, outputs: { reachedAt: now().toISOString() } }, now());
        return undefined;
      }
      return { id, state: "waiting", step: step.id, message: `${step.id} waits until ${until}; run \`incident run ${id} --execute\` again then`, executed, planned: [] };
    }
  }

  /** The event an audit.record step writes, rebuilt from its `step.started` data (same eventId on every rewrite). */
  function recordEventOf(started: Record<string, unknown>, state: IncidentState): AuditEvent | undefined {
    if (typeof started.recordEventId !== "string") return undefined;
    const inputs = started.inputs as Record<string, unknown>;
    const entry = { seq: 0, at: String(started.recordedAt), type: "step.succeeded" as const, prev: "", hash: "", data: { ...started, auditEventId: started.recordEventId } };
    return {
      ...auditEventOf(entry, state, opts.operator),
      metadata: { incident: id, step: started.step, stepAction: started.action, message: inputs.message, inputsDigest: started.inputsDigest, host: String(started.host) },
      ...(inputs.target === undefined ? {} : { target: String(inputs.target) }),
    };
  }

  async function reconcile(state: IncidentState, step: PlacedStep): Promise<void> {
    const spec = actionSpec(step.action);
    const started = state.steps.get(step.id)!.inFlight!;
    const executor = executorFor(step.action);
    if (executor === undefined || deps.ports === undefined) throw new Error(`cannot reconcile ${step.action}`);
    say(`reconciling ${step.id}: attempt ${started.attempt} started at an unknown outcome; reading AWS state`);
    let r: Reconciliation;
    try {
      r = await executor.reconcile({
        inputs: started.inputs as Record<string, unknown>,
        prepared: started.prepared as Record<string, unknown> | undefined,
        auditEvent: recordEventOf(started, state),
        timeoutMs: step.timeoutSeconds * 1000,
        now: now(),
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
    journal.append("step.reconciled", { ...base(step), attempt: started.attempt, result: r.result, observed: r.observed, needsHuman, ...(reason ? { reason } : {}) }, now());
    if (r.result === "done") {
      journal.append(
        "step.succeeded",
        {
          ...base(step),
          attempt: started.attempt,
          outputs: r.outputs,
          via: "reconcile",
          inputsDigest: started.inputsDigest,
          // An audit.record step's own event is its record; every other action gets one.
          ...(step.action === "audit.record" ? {} : { auditEventId: opts.ids() }),
        },
        now(),
      );
      executed.push(step.id);
    }
  }

  async function execute(state: IncidentState, step: PlacedStep, attempt: number): Promise<void> {
    const spec = actionSpec(step.action);
    if (step.action === "approve") {
      journal.append("step.succeeded", { ...base(step), attempt, outputs: { approvedBy: state.steps.get(step.id)!.approvals.join(", ") } }, now());
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
      journal.append("step.failed", { ...base(step), attempt, error: { code: err instanceof ReferenceError ? "E_REFERENCE" : "E_INPUT", message, transient: false } }, now());
      return;
    }
    const inputsDigest = sha256(canonicalJson(inputs));
    const ctxBase = { inputs, timeoutMs: step.timeoutSeconds * 1000, now: now(), ports: deps.ports };
    let prepared: Record<string, unknown> | undefined;
    try {
      prepared = executor.prepare ? await executor.prepare(ctxBase) : undefined;
    } catch (err) {
      const info = errorInfo(err);
      journal.append("step.failed", { ...base(step), attempt, inputsDigest, error: info, phase: "prepare" }, now());
      if (info.transient && state.steps.get(step.id)!.failures + 1 < maxAttemptsOf(step)) await sleep(backoff(attempt));
      return;
    }
    const recordEventId = step.action === "audit.record" ? opts.ids() : undefined;
    const calls = spec.calls ? spec.calls(inputs) : [];
    const startedAt = now().toISOString();
    const startedData = { ...base(step), attempt, inputs, inputsDigest, calls, ...(prepared ? { prepared } : {}), ...(recordEventId ? { recordEventId, recordedAt: startedAt } : {}) };
    journal.append("step.started", startedData, now());
    const auditEvent = recordEventOf(startedData, state);
    const ctx = {
      ...ctxBase,
      prepared,
      auditEvent,
      draftNotices: (audience: string) => {
        const affected = deps.tenants.filter((t) => state.meta.tenants.includes(t.id));
        const drafts = draftNotices(audience, runbook, state, affected, opts.contactPoint, now());
        return writeIncidentFiles(deps.folder, "notices", drafts.map((n) => ({ name: n.name, text: n.text })));
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
          journal.append("step.succeeded", { ...base(step), attempt, outputs: r.outputs, via: "reconcile", inputsDigest, auditEventId: opts.ids() }, now());
          executed.push(step.id);
          return;
        }
        const needsHuman = r.result === "unknown";
        journal.append(
          "step.failed",
          { ...base(step), attempt, inputsDigest, error: { ...info, transient: false }, ...(needsHuman ? { needsHuman: true, observed: r.observed } : {}), auditEventId: opts.ids() },
          now(),
        );
        return;
      }
      journal.append("step.failed", { ...base(step), attempt, inputsDigest, error: info, ...(recordEventId ? {} : { auditEventId: opts.ids() }) }, now());
      say(`${step.id}: attempt ${attempt} failed: ${info.message}`);
      if (info.transient && state.steps.get(step.id)!.failures + 1 < maxAttemptsOf(step)) await sleep(backoff(attempt));
      return;
    }
    runnerHooks.afterCall?.(step.id);
    const assertion = assertOutputs(step, step.assert as Record<string, unknown> | undefined, outputs);
    if (assertion !== undefined) {
      journal.append("step.failed", { ...base(step), attempt, inputsDigest, outputs, error: { code: "E_ASSERT", message: assertion, transient: false }, auditEventId: opts.ids() }, now());
      return;
    }
    journal.append("step.succeeded", { ...base(step), attempt, outputs, inputsDigest, ...(recordEventId ? {} : { auditEventId: opts.ids() }) }, now());
    executed.push(step.id);
    say(`${step.id}: done`);
  }

  /**
   * Dry run: walks every step not yet done, never prompting. AWS and local actions are journaled as planned with their
   * exact calls; confirmations and approvals given with --confirm/--approve are recorded (they are facts, not actions).
   */
  async function dryRun(): Promise<RunResult> {
    const planned: PlannedStep[] = [];
    for (const step of runbook.steps) {
      let state = foldJournal(journal.entries, stepIds);
      let st = state.steps.get(step.id)!;
      if (st.status === "succeeded" || st.status === "confirmed" || st.status === "skipped") continue;
      const needed = approversNeeded(step);
      if (needed > st.approvals.length && opts.approve?.has(step.id)) {
        await applyHuman(state, { kind: "approval", step, needed, have: st.approvals, requestedBy: st.requestedBy }, false);
      }
      if (step.action === "manual" && opts.confirm?.has(step.id)) await applyHuman(state, { kind: "confirm", step }, false);
      state = foldJournal(journal.entries, stepIds);
      st = state.steps.get(step.id)!;
      const needs =
        st.status === "confirmed"
          ? undefined
          : step.action === "manual"
            ? "confirmation"
            : needed > st.approvals.length
              ? `${needed - st.approvals.length} approval(s)`
              : undefined;
      if (actionSpec(step.action).kind === "human") {
        if (needs !== undefined) planned.push({ step: step.id, phase: step.phase, action: step.action, calls: [], needs });
        continue;
      }
      const calls = callsOf(step, state);
      const inputs = resolveValue(step.inputs, scopeOf(state, deps.tenants, runbook), [...step.path, "inputs"], new Set(["params", "incident", "tenant"]));
      journal.append("step.planned", { ...base(step), inputs: inputs as Record<string, unknown>, calls }, now());
      planned.push({ step: step.id, phase: step.phase, action: step.action, calls, ...(needs ? { needs } : {}) });
    }
    return {
      id,
      state: "dry-run",
      message: `${id}: DRY RUN — nothing was performed. ${planned.filter((p) => p.calls.length > 0).length} AWS step(s) planned; run \`incident run ${id} --execute\` to act`,
      executed,
      planned,
    };
  }
}
