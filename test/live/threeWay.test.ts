import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResourceRecord } from "../../src/core/resource";
import { planStack } from "../../src/plan";
import { fromPlan } from "../../src/policy/sources/plan";
import { startFakeSesV2, type FakeSesV2 } from "../fakes/sesv2Server";
import { runCliCapture } from "../support/cli";
import { startMoto, type Moto } from "../support/moto";
import { scratch } from "../support/tmp";
import { buildAccount } from "./account";

const ROOT = process.cwd();

/** The plan as `pulumi stack export` would write it after a deployment (inputs, outputs, parents). */
function stackExport(records: readonly ResourceRecord[]): string {
  const resources = records.map((r) => ({ urn: r.urn, custom: !r.type.startsWith("emailmate:"), type: r.type, id: r.id, inputs: r.props, outputs: r.outputs ?? {}, ...(r.parent ? { parent: r.parent } : {}) }));
  return JSON.stringify({ version: 3, deployment: { manifest: {}, resources } });
}

describe("check --live --stack-export: plan, stack export and account compared (src/live/drift)", () => {
  let moto: Moto;
  let fake: FakeSesV2;
  const tmp = scratch("emailmate-live-");
  let plan: ResourceRecord[];

  beforeAll(async () => {
    [moto, fake] = await Promise.all([startMoto(), startFakeSesV2()]);
    plan = [...fromPlan(await planStack({ cwd: ROOT, stack: "dev" })).records];
    await buildAccount(plan, moto, fake);
  });
  afterAll(async () => {
    await Promise.all([moto.stop(), fake.stop()]);
    tmp.cleanup();
  });

  it("suppresses an accepted drift finding like any check's (glob on the live ARN), and keeps it visible", async () => {
    const file = tmp.write(
      "suppressions.yaml",
      [
        "suppressions:",
        "  - policy: drift-missing",
        '    resource: "arn:aws:logs:*:*:log-group:/emailmate/platform/audit"',
        '    reason: "recreated by hand during incident INC-7; accepted by security@emailmate.dev"',
        "    expires: 2027-03-31",
        "",
      ].join("\n"),
    );
    const exported = plan.filter((r) => r.props.name !== "/emailmate/platform/audit");
    const run = await runCliCapture(["policy", "check", "--live", "--stack-export", tmp.write("partial.json", stackExport(exported)), "--suppressions", file, "--json"], {
      cwd: ROOT,
      env: { AWS_ENDPOINT_URL: moto.endpoint, AWS_ENDPOINT_URL_SESV2: fake.endpoint, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" },
    });
    const report = JSON.parse(run.stdout);
    const drift = report.findings.filter((f: { policy: string; status: string }) => f.policy === "drift-missing").map((f: { status: string; name: string }) => `${f.status} ${f.name}`);
    expect([run.code, drift, report.unusedSuppressions]).toEqual([0, ["suppressed /emailmate/platform/audit"], []]);
  });

  it("names each source in drift findings; the evidence bundle's CC8.1 fails on drift", async () => {
    const events = "/emailmate/platform/audit";
    const exported = plan
      .filter((r) => r.props.name !== events)
      .map((r) => (r.props.name === "/emailmate/tenants/acme/audit" ? { ...r, props: { ...r.props, retentionInDays: 731 } } : r));
    const old = plan.find((r) => r.props.name === "emailmate-tenant-acme-alerts")!;
    exported.push({ ...old, urn: old.urn.replace("alerts-topic", "old-topic"), name: "acme-old-topic", props: { ...old.props, name: "emailmate-tenant-acme-old" } });
    const file = tmp.write("prod.json", stackExport(exported));
    const out = join(tmp.dir, "out");
    const run = await runCliCapture(["check", "--live", "--stack-export", file, "--out", out, "--json"], {
      cwd: ROOT,
      env: { AWS_ENDPOINT_URL: moto.endpoint, AWS_ENDPOINT_URL_SESV2: fake.endpoint, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" },
    });
    const data = JSON.parse(run.stdout);
    const drift = data.failures.map((f: { policy: string; message: string }) => `${f.policy}: ${f.message}`).sort();
    expect(run.code).toBe(1);
    expect(data.live.drift).toMatchObject({ missing: 2, unexpected: 0, property: 1 });
    expect(drift).toEqual([
      `drift-missing: LogGroup ${events} is declared in the plan and runs in the account, but stack export ${file} does not hold it (created outside Pulumi, or the state lost it).`,
      `drift-missing: Topic emailmate-tenant-acme-old is deployed in stack export ${file}, but not found in the account (eu-west-1) (the stack export holds a resource the code no longer declares and the account no longer has: refresh the stack).`,
      `drift-property: LogGroup /emailmate/tenants/acme/audit: retentionInDays is 365 in the plan, 731 in the stack export ${file}, 365 in the account (read by aws-cloudwatch-log-group-configure-retention).`,
    ]);
    const controls = Object.fromEntries(data.evidence.controls.map((c: { control: string; status: string }) => [c.control, c.status]));
    expect([controls["CC8.1"], controls["CC7.2"], controls["CC6.7"]]).toEqual(["fail", "fail", "pass"]);
    const csv = readFileSync(join(out, "findings.csv"), "utf8");
    expect(csv.split("\n").filter((l) => l.startsWith("drift-") && l.includes(",fail,")).length).toBe(3);
  });
});
