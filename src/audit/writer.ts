import type { LogsPort } from "../aws/logs";
import { usageError } from "../core/errors";
import { platformNames, tenantNames } from "../tenants/names";
import { batchLogEvents } from "./batch";
import { checkAuditEvent, PLATFORM_TENANT, type AuditEvent } from "./event";
import type { AuditSink } from "./sink";

export interface CloudWatchAuditSinkOptions {
  readonly logs: LogsPort;
  /** The log group of an event; default: the tenant's audit group, or the platform audit group for PLATFORM_TENANT. */
  readonly groupFor?: (event: AuditEvent) => string;
  /** The log stream to write to (created on first use in each group). */
  readonly stream: string;
}

/** The audit log group of an event: `/emailmate/tenants/<id>/audit`, or the platform's for platform events. */
export function defaultAuditGroup(event: AuditEvent): string {
  return event.tenant === PLATFORM_TENANT ? platformNames.auditLogGroup : tenantNames(event.tenant).auditLogGroup;
}

/** The log message of an event: its JSON, fields in schema order (what the exporter reads back). */
export function auditMessage(event: AuditEvent): string {
  return JSON.stringify(event);
}

/**
 * An AuditSink writing to CloudWatch Logs: validates every event first (nothing is written if one is invalid), then
 * per log group puts them in time order, batched within PutLogEvents limits. Groups must exist (infrastructure creates
 * them with retention and encryption); streams are created on first use. A retried PutLogEvents may store an event
 * twice: readers deduplicate by eventId.
 */
export function createCloudWatchAuditSink(options: CloudWatchAuditSinkOptions): AuditSink {
  const groupFor = options.groupFor ?? defaultAuditGroup;
  const readyStreams = new Set<string>();
  return {
    async record(events: readonly AuditEvent[]): Promise<void> {
      const valid = events.map((event, i) => {
        const checked = checkAuditEvent(event);
        if (!checked.ok) throw usageError("E_AUDIT_EVENT", `audit event ${i}: ${checked.reason}`);
        return checked.event;
      });
      const byGroup = new Map<string, AuditEvent[]>();
      for (const event of valid) {
        const group = groupFor(event);
        const list = byGroup.get(group);
        if (list) list.push(event);
        else byGroup.set(group, [event]);
      }
      for (const [group, list] of byGroup) {
        if (!readyStreams.has(group)) {
          await options.logs.ensureStream(group, options.stream);
          readyStreams.add(group);
        }
        const batches = batchLogEvents(list.map((e) => ({ timestamp: Date.parse(e.timestamp), message: auditMessage(e) })));
        for (const batch of batches) await options.logs.putEvents(group, options.stream, batch);
      }
    },
  };
}
