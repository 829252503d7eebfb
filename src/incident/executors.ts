import type { AuditEvent } from "../audit/event";
import type { AuditSink } from "../audit/sink";
import type { LogsPort } from "../aws/logs";
import type { KeyControl } from "../aws/kms";
import type { KeyAdmin } from "../aws/kmsAdmin";
import type { LogGroupKeys } from "../aws/logsKeys";
import type { SendingControl } from "../aws/ses";
import type { TenantSendingControl } from "../aws/sesTenants";
import type { TopicKeys } from "../aws/snsTopicKeys";
import { environmentError, OpsError } from "../core/errors";
import { tenantNames } from "../tenants/names";
import type { TenantFileWriter } from "../tenants/tenantFiles";
import { DURATION_PATTERN, durationMs, MAX_ON_DEMAND_ROTATIONS, type ActionName } from "./actions";
import { KEY_EXECUTORS } from "./keyExecutors";
import { TENANT_SENDING_EXECUTORS } from "./tenantSendingExecutors";

/** The outside world an incident acts on: small ports, bound to AWS adapters by the CLI and to fakes/moto in tests. */
export interface IncidentPorts {
  readonly ses: SendingControl;
  readonly kms: KeyControl;
  readonly logs: Pick<LogsPort, "pages">;
  readonly audit: AuditSink;
  /** Key replacement (kms-key-compromise). The CLI binds every port; tests may bind only those their runbook uses. */
  readonly keyAdmin?: KeyAdmin;
  readonly logGroupKeys?: LogGroupKeys;
  readonly topicKeys?: TopicKeys;
  /** Tenant-level sending status (SES v2 tenant as a reputation entity). */
  readonly sesTenants?: TenantSendingControl;
  /** Writes the tenant-file changes an incident makes (the key replacement the pull-request flow deploys). */
  readonly tenantFiles?: TenantFileWriter;
}

export interface ExecContext {
  readonly inputs: Record<string, unknown>;
  readonly timeoutMs: number;
  readonly now: Date;
  readonly ports: IncidentPorts;
  /** What `prepare` returned, as journaled in `step.started`. */
  readonly prepared?: Record<string, unknown>;
  /** For audit.record: the event to write (its id fixed in `step.started`, so a repeat writes the same event). */
  readonly auditEvent?: AuditEvent;
  /** For notify.draft: writes the drafts (never over a person's edits) and says where they are. */
  readonly draftNotices?: (audience: string) => { files: string[]; digests: Record<string, string>; kept: readonly { file: string; draft: string }[] };
}

/** What reading AWS state says about an attempt whose outcome was not journaled. */
export type Reconciliation =
  | { readonly result: "done"; readonly outputs: Record<string, unknown>; readonly observed: Record<string, unknown> }
  | { readonly result: "not-done"; readonly observed: Record<string, unknown> }
  | { readonly result: "unknown"; readonly observed: Record<string, unknown>; readonly reason: string };

export interface Executor {
  /** Reads what must be known before the call (journaled with `step.started`); may refuse by throwing. */
  prepare?(ctx: ExecContext): Promise<Record<string, unknown>>;
  run(ctx: ExecContext): Promise<Record<string, unknown>>;
  /** Reads AWS state to settle an attempt that has `started` but no outcome. */
  reconcile(ctx: ExecContext): Promise<Reconciliation>;
}

const cs = (ctx: ExecContext) => tenantNames(String(ctx.inputs.tenant)).configurationSet;
const opts = (ctx: ExecContext) => ({ timeoutMs: ctx.timeoutMs });

function sending(enabled: boolean): Executor {
  return {
    async run(ctx) {
      await ctx.ports.ses.setSendingEnabled(cs(ctx), enabled, opts(ctx));
      const state = await ctx.ports.ses.describe(cs(ctx), opts(ctx));
      return { configurationSet: state.name, sendingEnabled: state.sendingEnabled };
    },
    async reconcile(ctx) {
      const state = await ctx.ports.ses.describe(cs(ctx), opts(ctx));
      const observed = { configurationSet: state.name, sendingEnabled: state.sendingEnabled };
      return state.sendingEnabled === enabled ? { result: "done", outputs: observed, observed } : { result: "not-done", observed };
    },
  };
}

async function keyIdOf(ctx: ExecContext): Promise<string> {
  const key = String(ctx.inputs.key);
  return key.startsWith("alias/") ? (await ctx.ports.kms.describe(key, opts(ctx))).keyId : key;
}

function keyState(enabled: boolean): Executor {
  const want = enabled ? "Enabled" : "Disabled";
  return {
    async run(ctx) {
      const id = await keyIdOf(ctx);
      if (enabled) await ctx.ports.kms.enable(id, opts(ctx));
      else await ctx.ports.kms.disable(id, opts(ctx));
      const state = await ctx.ports.kms.describe(id, opts(ctx));
      return { keyId: state.keyId, keyState: state.keyState };
    },
    async reconcile(ctx) {
      const state = await ctx.ports.kms.describe(await keyIdOf(ctx), opts(ctx));
      const observed = { keyId: state.keyId, keyState: state.keyState };
      return state.keyState === want ? { result: "done", outputs: observed, observed } : { result: "not-done", observed };
    },
  };
}

/**
 * On-demand rotation of an enabled key, reconciled with GetKeyRotationStatus: RotateKeyOnDemand is asynchronous, so
 * a rotation in progress (OnDemandRotationStartDate) is never started a second time, and ListKeyRotations (completed
 * rotations only) is not what tells whether our call went through.
 */
const rotate: Executor = {
  async prepare(ctx) {
    const keyId = await keyIdOf(ctx);
    const state = await ctx.ports.kms.describe(keyId, opts(ctx));
    if (state.keyState !== "Enabled") {
      throw environmentError("E_KEY_STATE", `key ${keyId} is ${state.keyState}; KMS rotates only enabled keys (RotateKeyOnDemand: DisabledException)`);
    }
    const status = await ctx.ports.kms.rotationStatus(keyId, opts(ctx));
    if (status.onDemandRotationStartDate !== undefined) {
      throw environmentError("E_ROTATION_IN_PROGRESS", `an on-demand rotation of key ${keyId} is in progress since ${status.onDemandRotationStartDate}; it is not started twice`);
    }
    const before = await ctx.ports.kms.onDemandRotationCount(keyId, opts(ctx));
    if (before >= MAX_ON_DEMAND_ROTATIONS) {
      throw new OpsError("E_ROTATION_LIMIT", `key ${keyId} has had ${before} on-demand rotations; KMS allows at most ${MAX_ON_DEMAND_ROTATIONS}`, { exitCode: 3 });
    }
    return { keyId, rotationsBefore: before, notBefore: ctx.now.toISOString() };
  },
  async run(ctx) {
    const keyId = String(ctx.prepared?.keyId);
    await ctx.ports.kms.rotateOnDemand(keyId, opts(ctx));
    const status = await ctx.ports.kms.rotationStatus(keyId, opts(ctx));
    return { keyId, rotationStartedAt: status.onDemandRotationStartDate ?? ctx.now.toISOString(), onDemandRotations: Number(ctx.prepared?.rotationsBefore) + 1 };
  },
  async reconcile(ctx) {
    const keyId = String(ctx.prepared?.keyId);
    const before = Number(ctx.prepared?.rotationsBefore);
    const status = await ctx.ports.kms.rotationStatus(keyId, opts(ctx));
    const started = status.onDemandRotationStartDate;
    // A rotation in progress that began at or after our attempt is ours (a second one would be refused by KMS).
    if (started !== undefined && Date.parse(started) >= Date.parse(String(ctx.prepared?.notBefore)) - 1000) {
      return { result: "done", outputs: { keyId, rotationStartedAt: started, onDemandRotations: before + 1 }, observed: { keyId, onDemandRotationStartDate: started } };
    }
    if (started !== undefined) {
      return { result: "unknown", observed: { keyId, onDemandRotationStartDate: started }, reason: `a rotation of key ${keyId} started at ${started}, before this attempt` };
    }
    const now = await ctx.ports.kms.onDemandRotationCount(keyId, opts(ctx));
    const observed = { keyId, rotationsBefore: before, rotationsNow: now };
    if (now === before + 1) return { result: "done", outputs: { keyId, rotationStartedAt: null, onDemandRotations: now }, observed };
    if (now === before) return { result: "not-done", observed };
    return { result: "unknown", observed, reason: `key ${keyId} had ${before} completed on-demand rotations before the attempt and has ${now} now` };
  },
};

const describeKey: Executor = {
  async run(ctx) {
    const s = await ctx.ports.kms.describe(String(ctx.inputs.key), opts(ctx));
    return { keyId: s.keyId, arn: s.arn, keyState: s.keyState, enabled: s.enabled };
  },
  async reconcile() {
    return { result: "unknown", observed: {}, reason: "a read; run it again" };
  },
};

const describeSes: Executor = {
  async run(ctx) {
    const s = await ctx.ports.ses.describe(cs(ctx), opts(ctx));
    return { configurationSet: s.name, sendingEnabled: s.sendingEnabled, tlsPolicy: s.tlsPolicy ?? null, suppressedReasons: [...s.suppressedReasons] };
  },
  async reconcile() {
    return { result: "unknown", observed: {}, reason: "a read; run it again" };
  },
};

const searchLogs: Executor = {
  async prepare(ctx) {
    // The window is fixed before the call, so a repeat searches the same window.
    const endTime = ctx.inputs.to === undefined ? ctx.now.getTime() : Date.parse(String(ctx.inputs.to));
    const from = String(ctx.inputs.from);
    return { startTime: DURATION_PATTERN.test(from) ? endTime - durationMs(from) : Date.parse(from), endTime };
  },
  async run(ctx) {
    const group = tenantNames(String(ctx.inputs.tenant)).auditLogGroup;
    const range = { startTime: Number(ctx.prepared?.startTime), endTime: Number(ctx.prepared?.endTime) };
    const wanted = Number(ctx.inputs.sample ?? 5);
    let count = 0;
    const sample: { timestamp: string; message: string }[] = [];
    const pattern = ctx.inputs.pattern === undefined ? {} : { filterPattern: String(ctx.inputs.pattern) };
    for await (const page of ctx.ports.logs.pages(group, range, pattern)) {
      count += page.events.length;
      for (const e of page.events) {
        if (sample.length < wanted) sample.push({ timestamp: new Date(e.timestamp).toISOString(), message: e.message.length > 500 ? e.message.slice(0, 497) + "..." : e.message });
      }
    }
    return { logGroup: group, count, sample };
  },
  async reconcile() {
    return { result: "unknown", observed: {}, reason: "a read; run it again" };
  },
};

const auditRecord: Executor = {
  async run(ctx) {
    if (ctx.auditEvent === undefined) throw new Error("audit.record needs its event");
    await ctx.ports.audit.record([ctx.auditEvent]);
    return { eventId: ctx.auditEvent.eventId };
  },
  async reconcile(ctx) {
    // PutLogEvents cannot be asked whether it stored an event; writing the same event (same eventId) again is harmless,
    // since readers deduplicate by eventId. So reconciling is writing it again.
    if (ctx.auditEvent === undefined) return { result: "unknown", observed: {}, reason: "the event to write is not known" };
    await ctx.ports.audit.record([ctx.auditEvent]);
    return { result: "done", outputs: { eventId: ctx.auditEvent.eventId }, observed: { rewritten: ctx.auditEvent.eventId } };
  },
};

const draft: Executor = {
  async run(ctx) {
    if (ctx.draftNotices === undefined) throw new Error("notify.draft needs the notice writer");
    const written = ctx.draftNotices(String(ctx.inputs.audience ?? "all"));
    return { files: written.files, digests: written.digests, kept: written.kept };
  },
  async reconcile() {
    return { result: "unknown", observed: {}, reason: "drafts are rewritten" };
  },
};

const EXECUTORS: Partial<Record<ActionName, Executor>> = {
  "aws.ses.pauseSending": sending(false),
  "aws.ses.resumeSending": sending(true),
  "aws.ses.describe": describeSes,
  "aws.kms.disableKey": keyState(false),
  "aws.kms.enableKey": keyState(true),
  "aws.kms.rotateKeyOnDemand": rotate,
  "aws.kms.describeKey": describeKey,
  "aws.logs.search": searchLogs,
  "audit.record": auditRecord,
  "notify.draft": draft,
  ...TENANT_SENDING_EXECUTORS,
  ...KEY_EXECUTORS,
};

/** The executor of an action that runs code (aws and local actions; not manual, approve or wait). */
export function executorFor(action: ActionName): Executor | undefined {
  return EXECUTORS[action];
}
