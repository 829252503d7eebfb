import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLATFORM_TENANT, type AuditEvent } from "../../src/audit/event";
import { createCloudWatchAuditSink, defaultAuditGroup } from "../../src/audit/writer";
import { CloudWatchLogsAdapter, type LogEventInput, type LogsPort } from "../../src/aws/logs";
import { OpsError } from "../../src/core/errors";
import { platformNames, tenantNames } from "../../src/tenants/names";
import { startMoto, type Moto } from "../support/moto";
import { sampleEvent, seededRandom } from "./sampleEvents";

let moto: Moto;
let logs: CloudWatchLogsAdapter;
const rng = seededRandom(1);
/** CloudWatch (and moto) refuse events older than 14 days: test data sits a few days back from the real time. */
const day0 = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 3 * 86_400_000;
const at = (ms: number) => new Date(day0 + ms);

beforeAll(async () => {
  moto = await startMoto();
  logs = new CloudWatchLogsAdapter(moto.clientConfig);
  await logs.ensureGroup(tenantNames("acme").auditLogGroup);
  await logs.ensureGroup(platformNames.auditLogGroup);
});

afterAll(async () => {
  logs?.destroy();
  await moto?.stop();
});

async function readAll(group: string): Promise<string[]> {
  const out: string[] = [];
  for await (const page of logs.pages(group, { startTime: 0, endTime: day0 + 10 * 86_400_000 })) out.push(...page.events.map((e) => e.message));
  return out;
}

/** Records PutLogEvents calls, delegating nothing (pure batching checks). */
function recordingPort(): LogsPort & { puts: { group: string; stream: string; events: readonly LogEventInput[] }[] } {
  const puts: { group: string; stream: string; events: readonly LogEventInput[] }[] = [];
  const fail = () => Promise.reject(new Error("not used"));
  return {
    puts,
    ensureGroup: async () => undefined,
    ensureStream: async () => undefined,
    putEvents: async (group, stream, events) => void puts.push({ group, stream, events }),
    filterPage: fail,
    pages: () => ({ [Symbol.asyncIterator]: () => ({ next: fail }) }),
    createExportTask: fail,
    describeExportTask: fail,
  };
}

describe("src/audit/writer", () => {
  it("writes each tenant's events to its audit group in time order, as JSON", async () => {
    const sink = createCloudWatchAuditSink({ logs, stream: "writer-test" });
    const late = sampleEvent("acme", at(36_001_000), rng);
    const early = sampleEvent("acme", at(36_000_000), rng, { action: "member.invite" });
    await sink.record([late, early]);
    expect(await readAll("/emailmate/tenants/acme/audit")).toEqual([JSON.stringify(early), JSON.stringify(late)]);
  });

  it("sends platform events to the platform audit group", async () => {
    const event = sampleEvent(PLATFORM_TENANT, at(86_400_000), rng, { action: "incident.action", actor: { type: "system", id: "incident-runner" } });
    expect(defaultAuditGroup(event)).toBe("/emailmate/platform/audit");
    await createCloudWatchAuditSink({ logs, stream: "writer-test" }).record([event]);
    expect(await readAll(platformNames.auditLogGroup)).toEqual([JSON.stringify(event)]);
  });

  it("uses groupFor when given", async () => {
    const port = recordingPort();
    await createCloudWatchAuditSink({ logs: port, stream: "s", groupFor: () => "/custom" }).record([sampleEvent("acme", at(0), rng)]);
    expect(port.puts.map((p) => [p.group, p.stream, p.events.length])).toEqual([["/custom", "s", 1]]);
  });

  it("splits 25,000 events into PutLogEvents batches within 1 MiB (290-byte messages + 26: 3,318 per batch)", async () => {
    const port = recordingPort();
        const events = Array.from({ length: 25_000 }, (_, i) => sampleEvent("acme", at(i), rng));
    await createCloudWatchAuditSink({ logs: port, stream: "s" }).record(events);
    expect(new Set(events.map((e) => JSON.stringify(e).length))).toEqual(new Set([290]));
    expect(port.puts.map((p) => p.events.length)).toEqual([3318, 3318, 3318, 3318, 3318, 3318, 3318, 1774]);
  });

  it("writes nothing when one event is invalid", async () => {
    const port = recordingPort();
    const good = sampleEvent("acme", at(0), rng);
    const bad = { ...good, ip: "999.1.1.1" } as AuditEvent;
    const err = await createCloudWatchAuditSink({ logs: port, stream: "s" }).record([good, bad]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpsError);
    expect((err as OpsError).message).toBe("audit event 1: ip: expected an IPv4 or IPv6 address, got 999.1.1.1");
    expect(port.puts).toEqual([]);
  });
});
