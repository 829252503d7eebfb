import { describe, expect, it } from "vitest";
import { runCliCapture } from "../../support/cli";

describe("src/cli/commands/audit-record", () => {
  it("says which region is missing for a platform event, exit 3, before any AWS call", async () => {
    const argv = ["audit", "record", "--tenant", "platform", "--actor", "u1", "--action", "settings.update", "--ip", "::1", "--user-agent", "ua", "--json"];
    const r = await runCliCapture(argv, { cwd: process.cwd(), env: { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_ENDPOINT_URL: "http://127.0.0.1:9" } });
    expect([r.code, JSON.parse(r.stdout)]).toEqual([
      3,
      { ok: false, error: { code: "E_AWS_REGION", message: "no AWS region for platform's audit log: pass --region or set AWS_REGION (or AWS_DEFAULT_REGION)" } },
    ]);
  });
});
