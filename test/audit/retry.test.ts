import { describe, expect, it } from "vitest";
import { isRetryable, withRetry } from "../../src/audit/retry";
import { awsError } from "../../src/aws/errors";

const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $metadata: { httpStatusCode: 400 } });
const denied = Object.assign(new Error("no"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 400 } });
const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
const server = Object.assign(new Error("oops"), { name: "InternalFailure", $metadata: { httpStatusCode: 500 } });

function failing(errors: unknown[], value = "ok") {
  let calls = 0;
  const op = async () => {
    const err = errors[calls++];
    if (err !== undefined) throw err;
    return value;
  };
  return Object.assign(op, { calls: () => calls });
}

describe("src/audit/retry", () => {
  it("treats throttling, 5xx and resets as retryable, also wrapped in an OpsError", () => {
    expect([throttled, reset, server].map(isRetryable)).toEqual([true, true, true]);
    expect(isRetryable(awsError("CloudWatch Logs", "FilterLogEvents", throttled))).toBe(true);
    expect(isRetryable(awsError("CloudWatch Logs", "FilterLogEvents", denied))).toBe(false);
  });

  it("retries with exponential backoff and full jitter", async () => {
    const waits: number[] = [];
    const op = failing([throttled, reset, server]);
    const result = await withRetry(op, { timer: { sleep: async (ms) => void waits.push(ms) }, random: () => 0.5, policy: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 250 } });
    expect(result).toBe("ok");
    expect(op.calls()).toBe(4);
    expect(waits).toEqual([50, 100, 125]);
  });

  it("does not retry other errors", async () => {
    const op = failing([denied]);
    await expect(withRetry(op, { timer: { sleep: async () => undefined }, random: () => 0 })).rejects.toBe(denied);
    expect(op.calls()).toBe(1);
  });

  it("gives up after maxAttempts with the last error", async () => {
    const op = failing([throttled, throttled, server]);
    await expect(withRetry(op, { timer: { sleep: async () => undefined }, random: () => 0, policy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 } })).rejects.toBe(server);
    expect(op.calls()).toBe(3);
  });
});
