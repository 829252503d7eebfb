import type { AuditEvent } from "../audit/event";
import { PLATFORM_TENANT } from "../audit/event";
import { ExitCode, OpsError } from "../core/errors";
import type { JournalEntry } from "./journal";
import type { Operator, RunContext } from "./runTypes";
import type { IncidentState } from "./state";
import { errorInfo } from "./stepOutcome";

/**
 * The audit event of a journal entry that carries an `auditEventId`: a step's outcome, a confirmation, an approval, or
 * an event about the journal itself (a torn last line recovered). The actor is who the entry names (an ARN when the
 * identity came from the credentials).
 */
export function auditEventOf(entry: JournalEntry, state: IncidentState, operator: Operator): AuditEvent {
  const d = entry.data;
  const tenant = state.meta.tenants.length === 1 ? state.meta.tenants[0]! : PLATFORM_TENANT;
  const outcome = entry.type === "step.failed" ? "failure" : "success";
  const step = typeof d.step === "string" ? d.step : undefined;
  return {
    eventId: String(d.auditEventId),
    tenant,
    actor: { type: "user", id: String(d.by ?? operator.actor) },
    action: "incident.action",
    target: `${state.meta.id}/${step ?? "journal"}`,
    timestamp: entry.at,
    ip: operator.ip,
    userAgent: operator.userAgent,
    outcome,
    metadata: {
      incident: state.meta.id,
      runbook: state.meta.runbook,
      step: step ?? null,
      stepAction: d.action ?? null,
      kind: entry.type,
      inputsDigest: d.inputsDigest ?? null,
      host: String(d.host ?? operator.host),
      ...(d.unverified === true ? { identity: "unverified" } : {}),
      ...(d.attempt === undefined ? {} : { attempt: d.attempt }),
      ...(d.error === undefined ? {} : { error: d.error }),
      ...(d.via === undefined ? {} : { via: d.via }),
      ...(entry.type === "journal.recovered" ? { droppedBytes: d.droppedBytes, droppedSha256: d.droppedSha256 } : {}),
    },
  };
}

/** The event an audit.record step writes, rebuilt from its `step.started` data (same eventId on every rewrite). */
export function recordEventOf(started: Record<string, unknown>, state: IncidentState, operator: Operator): AuditEvent | undefined {
  if (typeof started.recordEventId !== "string") return undefined;
  const inputs = started.inputs as Record<string, unknown>;
  const entry = { seq: 0, at: String(started.recordedAt), type: "step.succeeded" as const, prev: "", hash: "", data: { ...started, auditEventId: started.recordEventId } };
  return {
    ...auditEventOf(entry, state, operator),
    metadata: { incident: state.meta.id, step: started.step, stepAction: started.action, message: inputs.message, inputsDigest: started.inputsDigest, host: String(started.host) },
    ...(inputs.target === undefined ? {} : { target: String(inputs.target) }),
  };
}

/** Writes the audit events the journal has not seen confirmed (retrying transient errors), then journals them. */
export async function writePendingAudits(run: RunContext, state: IncidentState): Promise<void> {
  const ports = run.deps.ports;
  if (ports === undefined) throw new Error("execute needs AWS ports");
  const events = state.pendingAudits.map((e) => auditEventOf(e, state, run.opts.operator));
  for (let attempt = 1; ; attempt++) {
    try {
      await ports.audit.record(events);
      break;
    } catch (err) {
      if (attempt >= 3 || !errorInfo(err).transient) {
        throw new OpsError("E_AUDIT_WRITE", `could not write ${events.length} audit event(s) for ${run.id}: ${errorInfo(err).message}; the actions are journaled, run again to write them`, {
          exitCode: ExitCode.environment,
          cause: err,
        });
      }
      await run.sleep(run.backoff(attempt));
    }
  }
  for (const e of events) run.journal.append("audit.recorded", { eventId: e.eventId, step: e.metadata?.step ?? null }, run.now());
}
