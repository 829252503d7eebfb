import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudWatchLogsAdapter } from "../../src/aws/logs";
import { fixedClock } from "../../src/core/clock";
import { platformNames, tenantNames } from "../../src/tenants/names";
import { runCliCapture } from "../support/cli";
import { startMoto, type Moto } from "../support/moto";
import { startStrictAws, type StrictAws } from "../support/strictAws";

const DAY = 86_400_000;
const now = Math.floor(Date.now() / DAY) * DAY - DAY + 12_345;
const clock = fixedClock(new Date(now));
let moto: Moto;
let logs: CloudWatchLogsAdapter;
let strict: StrictAws;
let cwd: string;
let env: Record<string, string>;

beforeAll(async () => {
  moto = await startMoto();
  // Through the strict layer: AWS's PutLogEvents limits and key rules apply (moto checks neither).
  strict = await startStrictAws({ moto: moto.endpoint });
  logs = new CloudWatchLogsAdapter({ ...moto.clientConfig, endpoint: strict.endpoint });
  await logs.ensureGroup(tenantNames("acme").auditLogGroup);
  await logs.ensureGroup(platformNames.auditLogGroup);
  cwd = mkdtempSync(join(tmpdir(), "audit-record-"));
  mkdirSync(join(cwd, "tenants"));
  writeFileSync(join(cwd, "tenants", "acme.yaml"), "id: acme\nname: Acme\nplan: free\nregion: eu-west-1\ncontacts:\n  security: s@acme.example\nsending:\n  domains: [mail.acme.example]\n");
  env = { AWS_ENDPOINT_URL: strict.endpoint, AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" };
});

afterAll(async () => {
  logs?.destroy();
  await strict?.stop();
  await moto?.stop();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

async function messages(group: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const page of logs.pages(group, { startTime: now - DAY, endTime: now + DAY })) out.push(...page.events.map((e) => JSON.parse(e.message)));
  return out;
}

const flags = ["--actor", "u-7", "--actor-email", "ada@acme.example", "--action", "key.revoke", "--target", "key/billing-bot", "--ip", "2001:db8::7", "--user-agent", "Dashboard/2.1"];

describe("src/cli/commands/audit-record (moto)", () => {
  it("writes one event with a ULID and the clock's timestamp to the tenant's audit group", async () => {
    const run = await runCliCapture(["audit", "record", "--tenant", "acme", ...flags, "--metadata", '{"reason":"leaked"}', "--json"], { cwd, env, clock });
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout) as { event: { eventId: string }; logGroup: string };
    expect(data.logGroup).toBe("/emailmate/tenants/acme/audit");
    expect(await messages(data.logGroup)).toEqual([
      {
        eventId: data.event.eventId,
        tenant: "acme",
        actor: { type: "user", id: "u-7", email: "ada@acme.example" },
        action: "key.revoke",
        target: "key/billing-bot",
        timestamp: new Date(now).toISOString(),
        ip: "2001:db8::7",
        userAgent: "Dashboard/2.1",
        outcome: "success",
        metadata: { reason: "leaked" },
      },
    ]);
    expect(data.event.eventId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it("writes platform events to the platform audit group", async () => {
    const run = await runCliCapture(["audit", "record", "--tenant", "platform", ...flags.slice(0, 2), "--actor-type", "system", "--action", "incident.action", "--ip", "10.0.0.1", "--user-agent", "runner", "--outcome", "failure"], { cwd, env, clock });
    expect(run.stdout).toMatch(/^recorded incident\.action [0-9A-Z]{26} for platform in \/emailmate\/platform\/audit \(stream emailmate-ops\)\n$/);
    expect((await messages(platformNames.auditLogGroup)).map((e) => [e.action, e.outcome])).toEqual([["incident.action", "failure"]]);
  });

  it("refuses an invalid flag with exit 2, naming the flag, and writes nothing", async () => {
    const run = await runCliCapture(["audit", "record", "--tenant", "acme", ...flags.slice(0, -4), "--ip", "999.1.1.1", "--user-agent", "x"], { cwd, env, clock });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: --ip: expected an IPv4 or IPv6 address, got 999.1.1.1\n");
    expect(await messages(tenantNames("acme").auditLogGroup)).toHaveLength(1);
  });

  it("refuses an unknown tenant with exit 2", async () => {
    const run = await runCliCapture(["audit", "record", "--tenant", "umbrella", ...flags], { cwd, env, clock });
    expect([run.code, run.stderr]).toEqual([2, 'error: unknown tenant "umbrella" (known: acme)\n']);
  });
});
