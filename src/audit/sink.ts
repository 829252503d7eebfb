import type { AuditEvent } from "./event";

/**
 * Where audit events go. The CloudWatch Logs implementation (src/audit/writer.ts) batches them into the log group of
 * the event's tenant (or the platform audit group); tests may use an in-memory sink for pure logic.
 */
export interface AuditSink {
  record(events: readonly AuditEvent[]): Promise<void>;
}
