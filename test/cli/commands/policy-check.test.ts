import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliCapture } from "../../support/cli";

const ROOT = join(__dirname, "../../..");
const FIXTURES = "test/fixtures/policy";

/** A copy of the project's stack config and sample tenants, so tests can change them. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "policy-check-"));
  cpSync(join(ROOT, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
  cpSync(join(ROOT, "Pulumi.dev.yaml"), join(dir, "Pulumi.dev.yaml"));
  cpSync(join(ROOT, "tenants"), join(dir, "tenants"), { recursive: true });
  return dir;
}

describe("src/cli/commands/policy-check", () => {
  it("passes the offline plan of the sample tenants", async () => {
    const r = await runCliCapture(["policy", "check"], { cwd: ROOT });
    expect([r.code, r.stdout]).toEqual([0, "passed — 59 resources from offline plan (stack dev), 14 checks: 38 pass, 0 fail, 0 manual, 0 suppressed\n"]);
  });

  it("prints the JSON report with --json", async () => {
    const r = await runCliCapture(["policy", "check", "--stack-export", `${FIXTURES}/stack-export-v4.json`, "--json"], { cwd: ROOT });
    const doc = JSON.parse(r.stdout);
    expect([r.code, doc.source, doc.summary]).toEqual([1, { kind: "stack-export", file: `${FIXTURES}/stack-export-v4.json`, stack: "dev" }, { resources: 15, checks: 14, pass: 11, fail: 2, manual: 0, suppressed: 0, error: 0 }]);
  });

  it("exits 1 on a mandatory failure in preview JSON and writes SARIF to --out", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "sarif-")), "policy.sarif");
    const r = await runCliCapture(["policy", "check", "--preview-json", `${FIXTURES}/preview.json`, "--format", "sarif", "--out", out], { cwd: ROOT });
    const sarif = JSON.parse(readFileSync(out, "utf8"));
    expect([r.code, sarif.version, sarif.runs[0].results.length, r.stdout.split("\n").slice(-2)]).toEqual([
      1,
      "2.1.0",
      4,
      [`wrote sarif report to ${out}`, ""],
    ]);
  });

  it("passes with an advisory failure when config lowers the level", async () => {
    const dir = project();
    writeFileSync(join(dir, "config.json"), JSON.stringify({ "aws-cloudwatch-log-group-configure-retention": "advisory", "vercel-project-environment-variable-enforce-sensitive": "advisory" }));
    const r = await runCliCapture(["policy", "check", "--stack-export", join(ROOT, FIXTURES, "stack-export-v4.json"), "--config", "config.json"], { cwd: dir });
    expect([r.code, r.stdout.trimEnd().split("\n").pop()]).toEqual([0, `passed with advisory failures — 15 resources from stack export ${join(ROOT, FIXTURES, "stack-export-v4.json")} (stack dev), 14 checks: 11 pass, 2 fail, 0 manual, 0 suppressed`]);
  });

  it("shows suppressed failures and exits 0 when every failure is suppressed", async () => {
    const dir = project();
    writeFileSync(
      join(dir, "s.yaml"),
      `suppressions:
  - policy: aws-cloudwatch-log-group-configure-retention
    resource: "*::acme-ses-events-log-group"
    reason: "SES events keep no personal data; accepted by the DPO (SEC-7)"
    expires: 2027-06-30
  - policy: vercel-project-environment-variable-enforce-sensitive
    resource: "*"
    reason: "Migration to sensitive vars tracked in SEC-8, accepted by CTO"
    expires: 2027-01-15
`,
    );
    const r = await runCliCapture(["policy", "check", "--stack-export", join(ROOT, FIXTURES, "stack-export-v4.json"), "--suppressions", "s.yaml", "--format", "markdown"], { cwd: dir });
    expect([r.code, r.stdout.split("\n")[0], r.stdout.includes("<details><summary>Suppressed (2)</summary>")]).toEqual([0, "### ✅ Policy check passed", true]);
  });

  it("exits 2 with a located diagnostic for an expired suppression", async () => {
    const dir = project();
    writeFileSync(join(dir, "s.yaml"), `suppressions:\n  - policy: aws-sns-topic-enforce-kms\n    resource: "*"\n    reason: "accepted by security for Q3"\n    expires: 2026-01-01\n`);
    const r = await runCliCapture(["policy", "check", "--suppressions", "s.yaml"], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([
      2,
      "error: 1 problem in suppressions:\ns.yaml:5:14: E_VALUE suppressions.0.expires: suppression expired on 2026-01-01 (today is 2026-11-29); fix the failure or renew the suppression with a new reason\n",
    ]);
  });

  it("refuses both file sources at once", async () => {
    const r = await runCliCapture(["policy", "check", "--stack-export", "a.json", "--preview-json", "b.json"], { cwd: ROOT });
    expect([r.code, r.stderr]).toEqual([2, "error: give either --stack-export or --preview-json, not both\n"]);
  });

  it("refuses a missing file", async () => {
    const r = await runCliCapture(["policy", "check", "--stack-export", "nope.json"], { cwd: ROOT });
    expect([r.code, r.stderr]).toEqual([2, "error: nope.json: no such file; expected a `pulumi stack export` file\n"]);
  });

  it("refuses a folder as --out with exit 2, before writing anything", async () => {
    const dir = mkdtempSync(join(tmpdir(), "policy-out-"));
    const r = await runCliCapture(["policy", "check", "--format", "markdown", "--out", dir, "--json"], { cwd: ROOT });
    expect([r.code, JSON.parse(r.stdout)]).toEqual([2, { ok: false, error: { code: "E_USAGE", message: `--out ${dir} is a folder; expected the report's file name` } }]);
  });
});

describe("src/cli/commands/policy-list", () => {
  it("lists every check", async () => {
    const r = await runCliCapture(["policy", "list", "--json"], { cwd: ROOT });
    const list = JSON.parse(r.stdout) as { id: string }[];
    expect([r.code, list.length, list[0]?.id]).toEqual([0, 14, "aws-apigateway-domain-name-enforce-tls13"]);
  });
});
