import { createHash } from "node:crypto";
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
        "policy    14 checks: 32 pass, 0 fail, 0 manual, 0 suppressed, 3 not evaluated",
        "evidence  out/ (13 files; controls: CC6.1 pass, CC6.7 pass, CC7.2 pass, CC7.3 pass, CC7.4 manual, CC7.5 manual, CC8.1 manual, CC9.2 manual)",
        "ok",
        "",
      ].join("\n"),
    ]);
    const manifest = JSON.parse(readFileSync(join(dir, "out/manifest.json"), "utf8"));
    expect([manifest.generatedAt, manifest.git, manifest.files.length]).toEqual(["2026-11-29T12:00:00.000Z", { commit: "unknown", dirty: "unknown" }, 12]);
    expect(manifest.inputs.map((i: { kind: string; path: string }) => `${i.kind} ${i.path}`)).toEqual([
      "stack-config Pulumi.dev.yaml",
      "tenant tenants/acme.yaml",
      "tenant tenants/globex.yaml",
      "tenant tenants/initech.yaml",
      "runbook runbooks/kms-key-compromise.yaml",
      "runbook runbooks/leaked-api-key.yaml",
      "runbook runbooks/personal-data-breach.yaml",
      "runbook runbooks/subprocessor-incident.yaml",
      "runbook runbooks/tenant-reputation.yaml",
      "runbook runbooks/vulnerability-report.yaml",
    ]);
    expect(manifest.inputs[1].sha256).toBe(createHash("sha256").update(readFileSync(join(dir, "tenants/acme.yaml"))).digest("hex"));
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
      "acme,Acme Corp,pro,eu-west-1,mail.acme.example notify.acme.example,tenant-acme,alias/emailmate/tenant/acme,/emailmate/tenants/acme/audit,365,15,7,0,0,0,0",
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
    // acme and initech keep their audit log group 365 days, the platform its audit group too: three failures
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

  it("says not-evaluated, never pass, for an empty stack export, in the table and in the bundle", async () => {
    const dir = project();
    writeFileSync(join(dir, "empty.json"), JSON.stringify({ version: 3, deployment: { manifest: {}, resources: [] } }));
    const r = await runCliCapture(["evidence", "--stack-export", "empty.json", "--out", "ev"], { cwd: dir });
    expect([r.code, r.stdout.split("\n").slice(0, 9).map((l) => l.split(/\s+/).slice(0, 2).join(" "))]).toEqual([
      0,
      ["CONTROL STATUS", "CC6.1 not-evaluated", "CC6.7 not-evaluated", "CC7.2 not-evaluated", "CC7.3 not-evaluated", "CC7.4 manual", "CC7.5 manual", "CC8.1 manual", "CC9.2 manual"],
    ]);
    expect(r.stdout).toContain("CC6.7    not-evaluated  aws-apigateway-domain-name-enforce-tls13: not evaluated: the input is empty (no resources) (+4 more)");
    const manifest = JSON.parse(readFileSync(join(dir, "ev/manifest.json"), "utf8"));
    expect([manifest.summary.pass, manifest.summary.notEvaluated, manifest.inputs[0].kind, manifest.inputs[0].path]).toEqual([0, 14, "stack-export", "empty.json"]);
  });

  it("shows tenant names and plans in the inventory, and neutralises hostile names in the CSV", async () => {
    const dir = project();
    const file = join(dir, "tenants/acme.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("name: Acme Corp", 'name: "=HYPERLINK(\\"http://evil.example\\",\\"Acme\\")"'));
    const r = await runCliCapture(["evidence", "--out", "ev"], { cwd: dir });
    expect(r.code).toBe(0);
    const row = readFileSync(join(dir, "ev/tenants.csv"), "utf8").split("\n")[1]!;
    expect(row.startsWith(`acme,"'=HYPERLINK(""http://evil.example"",""Acme"")",pro,eu-west-1,`)).toBe(true);
    expect(readFileSync(join(dir, "ev/report.html"), "utf8")).toContain("<td>globex</td><td>Globex Corporation</td><td>enterprise</td>");
  });

  it("replaces the previous bundle whole: a stale file of it does not remain", async () => {
    const dir = project();
    await runCliCapture(["evidence", "--out", "ev"], { cwd: dir });
    expect(existsSync(join(dir, "ev/runbooks.json"))).toBe(true);
    rmSync(join(dir, "runbooks"), { recursive: true });
    await runCliCapture(["evidence", "--out", "ev"], { cwd: dir });
    expect(existsSync(join(dir, "ev/runbooks.json"))).toBe(false);
  });

  it("exits 3 at once with a clear message when --out cannot be written (under /proc)", async () => {
    const r = await runCliCapture(["evidence", "--out", "/proc/nope/evidence"], { cwd: project() });
    expect([r.code, r.stderr.split("\n")[0]]).toEqual([
      3,
      "error: cannot write the evidence bundle to /proc/nope/evidence: the folder cannot be created there [ENOENT] (mkdir /proc/nope); the previous bundle, if any, is unchanged",
    ]);
  });

  it("refuses --out . (the bundle replaces its folder) with exit 2, writing nothing", async () => {
    const dir = project();
    const r = await runCliCapture(["evidence", "--out", "."], { cwd: dir });
    expect([r.code, r.stderr.split("\n")[0], existsSync(join(dir, "manifest.json"))]).toEqual([
      2,
      "error: --out . is the current folder or holds it; the bundle replaces its --out folder, so give one of its own (e.g. out/evidence)",
      false,
    ]);
  });
});
