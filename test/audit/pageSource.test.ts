import { describe, expect, it } from "vitest";
import { cloudWatchPageSource, type PageSourceStats } from "../../src/audit/pageSource";
import { TokenBucket } from "../../src/audit/rateLimit";
import { virtualTimer } from "../support/timer";
import type { FilterPage, FilterRequest, LogsPort } from "../../src/aws/logs";

/** A LogsPort whose filterPage fails with each of `failures` in turn, then serves one page. */
function flakyLogs(failures: unknown[]): LogsPort & { requests: FilterRequest[] } {
  const requests: FilterRequest[] = [];
  const port = {
    requests,
    async filterPage(request: FilterRequest): Promise<FilterPage> {
      requests.push(request);
      const failure = failures.shift();
      if (failure !== undefined) throw failure;
      return { events: [{ timestamp: 1, message: "{}", eventId: "e1", logStreamName: "s" }] as FilterPage["events"] };
    },
  };
  return port as unknown as LogsPort & { requests: FilterRequest[] };
}

const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
const throttled = () => Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $metadata: { httpStatusCode: 400 } });

describe("src/audit/pageSource cloudWatchPageSource", () => {
  it("retries transient failures, counting them and telling the caller of each", async () => {
    const timer = virtualTimer();
    const logs = flakyLogs([refused(), throttled()]);
    const stats: PageSourceStats = { requests: 0, retries: 0 };
    const told: [string, number][] = [];
    const source = cloudWatchPageSource(logs, "/g", {
      limiter: new TokenBucket(1000, timer),
      timer,
      random: () => 0.5,
      stats,
      onRetry: (err, attempt) => told.push([(err as Error).message, attempt]),
    });
    const pages: FilterPage[] = [];
    for await (const page of source({ startTime: 0, endTime: 10 }, {})) pages.push(page);
    expect(pages).toHaveLength(1);
    expect(stats).toEqual({ requests: 3, retries: 2 });
    expect(told).toEqual([
      ["connect ECONNREFUSED 127.0.0.1:9", 1],
      ["Rate exceeded", 2],
    ]);
  });

  it("does not retry an error that is not transient", async () => {
    const timer = virtualTimer();
    const denied = Object.assign(new Error("not allowed"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 400 } });
    const stats: PageSourceStats = { requests: 0, retries: 0 };
    const source = cloudWatchPageSource(flakyLogs([denied]), "/g", { limiter: new TokenBucket(1000, timer), timer, random: () => 0.5, stats });
    const run = async () => {
      for await (const _ of source({ startTime: 0, endTime: 10 }, {})) void _;
    };
    await expect(run()).rejects.toThrow("not allowed");
    expect(stats).toEqual({ requests: 1, retries: 0 });
  });
});
