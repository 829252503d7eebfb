import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCliCapture } from "../../support/cli";

const ROOT = join(__dirname, "../../..");

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "main-job-"));
  for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml"]) cpSync(join(ROOT, f), join(dir, f));
  cpSync(join(ROOT, "tenants"), join(dir, "tenants"), { recursive: true });
  cpSync(join(ROOT, "runbooks"), join(dir, "runbooks"), { recursive: true });
  return dir;
}

describe("src/cli/commands/check (the main job)", () => {
  it("validates, plans, checks and writes the evidence into out/ for the sample tenants", async () => {
    const dir = project();
    const r = await runCliCapture(["check"], { cwd: dir });
    expect([r.code, r.stdout]).toEqual([
      0,
      [
        "tenants   ok: 3 valid (acme, globex, initech)",
        "runbooks  ok: 6 valid (kms-key-compromise, leaked-api-key, personal-data-breach, subprocessor-incident, tenant-reputation, vulnerability-report)",
        "plan      56 resources in stack dev",
        "policy    14 checks: 32 pass, 0 fail, 0 manual, 0 suppressed",
        "evidence  out/ (13 files; controls: CC6.1 pass, CC6.7 pass, CC7.2 pass, CC7.3 pass, CC7.4 manual, CC7.5 manual, CC8.1 pass, CC9.2 manual)",
        "ok",
        "",
      ].join("\n"),
    ]);
    const manifest = JSON.parse(readFileSync(join(dir, "out/manifest.json"), "utf8"));
    expect([manifest.generatedAt, manifest.gitCommit, manifest.files.length]).toEqual(["2026-11-29T12:00:00.000Z", "unknown", 12]);
  });

  it("lists the validated runbooks in the bundle and attaches them to CC7.3-CC7.5", async () => {
    const dir = project();
    await runCliCapture(["check"], { cwd: dir });
    const runbooks = JSON.parse(readFileSync(join(dir, "out/runbooks.json"), "utf8"));
    expect(runbooks.map((r: { id: string; emptyPhases: string[] }) => [r.id, r.emptyPhases])).toEqual([
      ["kms-key-compromise", []],
      ["leaked-api-key", []],
      ["personal-data-breach", []],
      ["subprocessor-incident", []],
      ["tenant-reputation", []],
      ["vulnerability-report", []],
    ]);
    const matrix = JSON.parse(readFileSync(join(dir, "out/control-matrix.json"), "utf8"));
    expect(matrix.map((c: { control: string; attached: string[] }) => [c.control, c.attached])).toEqual([
      ["CC6.1", []],
      ["CC6.7", []],
      ["CC7.2", []],
      ["CC7.3", ["runbooks.json"]],
      ["CC7.4", ["runbooks.json"]],
      ["CC7.5", ["runbooks.json"]],
      ["CC8.1", []],
      ["CC9.2", []],
    ]);
  });

  it("says so when the project has no runbooks folder, and attaches nothing", async () => {
    const dir = project();
    rmSync(join(dir, "runbooks"), { recursive: true });
    const r = await runCliCapture(["check"], { cwd: dir });
    expect([r.code, r.stdout.split("\n")[1], existsSync(join(dir, "out/runbooks.json"))]).toEqual([0, "runbooks  none (no runbooks/ folder)", false]);
  });

  it("exits 2 on an invalid runbook and writes nothing", async () => {
    const dir = project();
    const file = join(dir, "runbooks/leaked-api-key.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("severity: SEV2", "severity: SEV9"));
    const r = await runCliCapture(["check"], { cwd: dir });
    expect([r.code, r.stderr.split("\n")[0], existsSync(join(dir, "out"))]).toEqual([2, "error: 1 problem in runbook files:", false]);
    expect(r.stderr.split("\n")[1]).toBe('runbooks/leaked-api-key.yaml:10:11: E_VALUE severity: expected one of SEV1, SEV2, SEV3, SEV4, got the string "SEV9"');
  });

  it("adds tenant names and plans from the tenant files to the inventory", async () => {
    const dir = project();
    await runCliCapture(["check", "--out", "ev"], { cwd: dir });
    expect(readFileSync(join(dir, "ev/tenants.csv"), "utf8").split("\n")[1]).toBe(
      "acme,Acme Corp,pro,eu-west-1,mail.acme.example notify.acme.example,tenant-acme,alias/emailmate/tenant/acme,/emailmate/tenants/acme/audit,365,15,7,0,0,0",
    );
  });

  it("exits 2 on an invalid tenant file and writes nothing", async () => {
    const dir = project();
    writeFileSync(join(dir, "tenants/initech.yaml"), readFileSync(join(dir, "tenants/initech.yaml"), "utf8").replace("plan: free", "plan: platinum"));
    const r = await runCliCapture(["check"], { cwd: dir });
    expect([r.code, r.stderr.split("\n")[1], existsSync(join(dir, "out"))]).toEqual([2, 'tenants/initech.yaml:4:7: E_VALUE plan: expected one of free, pro, enterprise, got the string "platinum"', false]);
  });

  it("exits 1 when a mandatory check fails, and still writes the evidence", async () => {
    const dir = project();
    writeFileSync(join(dir, "config.json"), JSON.stringify({ "aws-cloudwatch-log-group-configure-retention": { minimumRetentionDays: 731 } }));
    const r = await runCliCapture(["check", "--config", "config.json", "--json"], { cwd: dir });
    const data = JSON.parse(r.stdout);
    expect([r.code, data.ok, data.policy.fail, existsSync(join(dir, "out/report.html"))]).toEqual([1, false, 3, true]);
  });
});

describe("src/cli/commands/evidence", () => {
  it("writes the bundle for a stack export and exits 1 for its failures", async () => {
    const out = mkdtempSync(join(tmpdir(), "evidence-"));
    const r = await runCliCapture(["evidence", "--stack-export", "test/fixtures/policy/stack-export-v4.json", "--out", out, "--json"], { cwd: ROOT });
    const data = JSON.parse(r.stdout);
    expect([r.code, data.out, data.manifest.source.kind, data.controls.find((c: { control: string }) => c.control === "CC7.2").status]).toEqual([1, out, "stack-export", "fail"]);
    expect(existsSync(join(out, "findings.csv"))).toBe(true);
  });
});
