import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudWatchLogsAdapter } from "../../src/aws/logs";
import { OpsError } from "../../src/core/errors";
import { startMoto, type Moto } from "../support/moto";

let moto: Moto;
let logs: CloudWatchLogsAdapter;
const group = "/test/logs-port";
/** CloudWatch (and moto) refuse events older than 14 days: test data sits a few days back from the real time. */
const t0 = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 3 * 86_400_000;

beforeAll(async () => {
  moto = await startMoto();
  logs = new CloudWatchLogsAdapter(moto.clientConfig);
  await logs.ensureGroup(group);
  await logs.ensureStream(group, "a");
  await logs.ensureStream(group, "b");
  await logs.putEvents(group, "a", [0, 2, 4, 6].map((i) => ({ timestamp: t0 + i * 1000, message: `a${i}` })));
  await logs.putEvents(group, "b", [1, 3, 5].map((i) => ({ timestamp: t0 + i * 1000, message: `b${i}` })));
});

afterAll(async () => {
  logs?.destroy();
  await moto?.stop();
});

describe("src/aws/logs", () => {
  it("creates groups and streams idempotently", async () => {
    await expect(logs.ensureGroup(group)).resolves.toBeUndefined();
    await expect(logs.ensureStream(group, "a")).resolves.toBeUndefined();
  });

  it("pages through FilterLogEvents interleaved across streams, following nextToken", async () => {
    const pages = [];
    for await (const page of logs.pages(group, { startTime: t0, endTime: t0 + 10_000 }, { limit: 3 })) pages.push(page);
    expect(pages.map((p) => p.events.map((e) => e.message))).toEqual([["a0", "b1", "a2"], ["b3", "a4", "b5"], ["a6"]]);
    expect(pages[0]?.events[1]?.logStreamName).toBe("b");
    expect(pages[2]?.nextToken).toBeUndefined();
  });

  it("treats the time range as closed at both ends", async () => {
    const messages = [];
    for await (const page of logs.pages(group, { startTime: t0 + 1000, endTime: t0 + 3000 })) messages.push(...page.events.map((e) => e.message));
    expect(messages).toEqual(["b1", "a2", "b3"]);
  });

  it("resumes from a nextToken", async () => {
    const first = await logs.filterPage({ group, startTime: t0, endTime: t0 + 10_000, limit: 5 });
    const rest = [];
    for await (const page of logs.pages(group, { startTime: t0, endTime: t0 + 10_000 }, { nextToken: first.nextToken })) rest.push(...page.events.map((e) => e.message));
    expect(rest).toEqual(["b5", "a6"]);
  });

  it("reports a missing group as an AWS error naming the operation (exit 3)", async () => {
    const err = await logs.putEvents("/test/missing", "s", [{ timestamp: t0, message: "x" }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpsError);
    expect((err as OpsError).exitCode).toBe(3);
    expect((err as OpsError).code).toBe("E_AWS_NOT_FOUND");
    expect((err as OpsError).message).toMatch(/^CloudWatch Logs PutLogEvents failed: ResourceNotFoundException: /);
  });
});
