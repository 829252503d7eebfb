import { checkAuditEvent, PLATFORM_TENANT, type AuditEvent } from "../../audit/event";
import { ulidGenerator } from "../../audit/ids";
import { findTenant } from "../../audit/policy";
import { createCloudWatchAuditSink, defaultAuditGroup } from "../../audit/writer";
import { awsClientConfig } from "../../aws/config";
import { CloudWatchLogsAdapter, logsClientConfig } from "../../aws/logs";
import { environmentError, ExitCode, usageError } from "../../core/errors";
import { loadTenantsFor } from "../tenantsFor";
import type { CliContext, CommandResult } from "../context";

export interface AuditRecordOptions {
  readonly tenant: string;
  readonly actor: string;
  readonly actorType: string;
  readonly actorEmail?: string;
  readonly action: string;
  readonly target?: string;
  readonly ip: string;
  readonly userAgent: string;
  readonly outcome: string;
  readonly metadata?: string;
  readonly stream: string;
  readonly region?: string;
  readonly tenantsDir: string;
}

export interface AuditRecordData {
  readonly event: AuditEvent;
  readonly logGroup: string;
  readonly stream: string;
}

/** Which flag sets each event field (to name it in errors). */
const FLAGS: Record<string, string> = {
  tenant: "--tenant",
  "actor.type": "--actor-type",
  "actor.id": "--actor",
  "actor.email": "--actor-email",
  action: "--action",
  target: "--target",
  ip: "--ip",
  userAgent: "--user-agent",
  outcome: "--outcome",
  metadata: "--metadata",
};

/** `audit record`: validates the event built from the flags (nothing is written if invalid), then writes it. */
export async function auditRecord(opts: AuditRecordOptions, ctx: CliContext): Promise<CommandResult<AuditRecordData>> {
  let region = opts.region;
  if (opts.tenant !== PLATFORM_TENANT) {
    const tenant = findTenant(loadTenantsFor(opts.tenantsDir, ctx, [opts.tenant]), opts.tenant);
    region ??= tenant.region;
  }
  let metadata: unknown;
  if (opts.metadata !== undefined) {
    try {
      metadata = JSON.parse(opts.metadata);
    } catch {
      throw usageError("E_USAGE", `--metadata expects a JSON object, got ${JSON.stringify(opts.metadata)}`);
    }
  }
  const candidate = {
    eventId: ulidGenerator(ctx.clock)(),
    tenant: opts.tenant,
    actor: { type: opts.actorType, id: opts.actor, ...(opts.actorEmail === undefined ? {} : { email: opts.actorEmail }) },
    action: opts.action,
    ...(opts.target === undefined ? {} : { target: opts.target }),
    timestamp: ctx.clock.now().toISOString(),
    ip: opts.ip,
    userAgent: opts.userAgent,
    outcome: opts.outcome,
    ...(metadata === undefined ? {} : { metadata }),
  };
  const checked = checkAuditEvent(candidate);
  if (!checked.ok) {
    const field = checked.reason.slice(0, checked.reason.indexOf(":"));
    const flag = FLAGS[field] ?? FLAGS[field.split(".")[0] as string];
    throw usageError("E_AUDIT_EVENT", flag ? `${flag}: ${checked.reason.slice(field.length + 2)}` : checked.reason);
  }
  const event = checked.event;
  const config = awsClientConfig(ctx.env, region ? { region } : {});
  if (config.region === undefined) {
    throw environmentError("E_AWS_REGION", `no AWS region for ${opts.tenant}'s audit log: pass --region or set AWS_REGION (or AWS_DEFAULT_REGION)`);
  }
  const logs = new CloudWatchLogsAdapter(logsClientConfig(config, ctx.env));
  try {
    await createCloudWatchAuditSink({ logs, stream: opts.stream }).record([event]);
  } finally {
    logs.destroy();
  }
  const data = { event, logGroup: defaultAuditGroup(event), stream: opts.stream };
  return {
    data,
    exitCode: ExitCode.ok,
    text: () => `recorded ${event.action} ${event.eventId} for ${event.tenant} in ${data.logGroup} (stream ${data.stream})`,
  };
}
