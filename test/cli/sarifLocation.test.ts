import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCliCapture } from "../support/cli";
import { ACME_TENANT } from "../support/fixtures";
import { scratch } from "../support/tmp";

let tmp: ReturnType<typeof scratch>;
beforeEach(() => {
  tmp = scratch("sarif-location-");
  // retentionDays on line 10 (column 18); the policy config asks for 400 days.
  tmp.write("tenants/acme.yaml", `${ACME_TENANT}audit:\n  retentionDays: 365\n`);
  tmp.write("Pulumi.dev.yaml", 'config:\n  aws:region: eu-west-1\n  emailmate-ops:accountId: "111111111111"\n');
  tmp.write("policy-config.json", JSON.stringify({ "aws-cloudwatch-log-group-configure-retention": { minimumRetentionDays: 400 } }));
});
afterEach(() => tmp.cleanup());

type Sarif = { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: unknown } }[]; properties: { tenantField?: string } }[] }[] };
const tenantResults = (sarif: Sarif) =>
  sarif.runs[0]!.results
    .filter((r) => r.locations[0]!.physicalLocation.artifactLocation.uri.startsWith("tenants/"))
    .map((r) => ({ rule: r.ruleId, uri: r.locations[0]!.physicalLocation.artifactLocation.uri, region: r.locations[0]!.physicalLocation.region, field: r.properties.tenantField }));

// One log group per tenant (audit; the ses-events group is gone from the model): one retention result.
const RETENTION = { rule: "aws-cloudwatch-log-group-configure-retention", uri: "tenants/acme.yaml", region: { startLine: 10, startColumn: 18 }, field: "audit.retentionDays" };

describe("SARIF results point at the tenant-file field that causes them", () => {
  it("policy check --format sarif puts the retention failure on the audit.retentionDays line", async () => {
    const run = await runCliCapture(["policy", "check", "--config", "policy-config.json", "--format", "sarif"], { cwd: tmp.dir });
    expect(run.code).toBe(1);
    expect(tenantResults(JSON.parse(run.stdout) as Sarif)).toEqual([RETENTION]);
  });

  it("the main job's evidence bundle (policy.sarif) does the same", async () => {
    const run = await runCliCapture(["check", "--config", "policy-config.json"], { cwd: tmp.dir });
    expect(run.code).toBe(1);
    expect(tenantResults(JSON.parse(readFileSync(join(tmp.dir, "out", "policy.sarif"), "utf8")) as Sarif)).toEqual([RETENTION]);
  });

  it("points at the tenant's id line when the field is defaulted (not in the file)", async () => {
    tmp.write("tenants/acme.yaml", ACME_TENANT);
    const run = await runCliCapture(["policy", "check", "--config", "policy-config.json", "--format", "sarif"], { cwd: tmp.dir });
    expect(tenantResults(JSON.parse(run.stdout) as Sarif)[0]).toEqual({ ...RETENTION, region: { startLine: 1, startColumn: 5 }, field: "id" });
  });
});
