import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildEvidence } from "../../src/evidence/bundle";
import { ALL_CHECKS } from "../../src/policy/checks";
import { evaluate } from "../../src/policy/engine/evaluate";
import { toReport } from "../../src/policy/report/model";
import { fromPlan } from "../../src/policy/sources/plan";
import { tenantRecords, vercelRecords } from "../policy/fixtures";
import { sampleReport } from "../policy/report/support";
import { CLOCK } from "../policy/support";

const records = [...tenantRecords("acme"), ...tenantRecords("globex"), ...vercelRecords()];
const at = new Date("2026-11-29T12:00:00Z");
const clean = () => toReport(fromPlan({ stack: "dev", tenants: ["acme", "globex"], resources: records }), evaluate(records, { clock: CLOCK }));
const bundle = (report = clean(), gitCommit = "3f2a1c0d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49") =>
  buildEvidence({ report, records, checks: ALL_CHECKS, generatedAt: at, gitCommit, toolVersion: "0.1.0" });
const file = (b: ReturnType<typeof bundle>, path: string) => b.files.find((f) => f.path === path)!.content;

describe("src/evidence/bundle", () => {
  it("writes the documented files", () => {
    expect(bundle().files.map((f) => f.path)).toEqual([
      "README.txt",
      "control-matrix.json",
      "control-matrix.csv",
      "tenants.json",
      "tenants.csv",
      "findings.csv",
      "policy-report.json",
      "policy.sarif",
      "policy-junit.xml",
      "policy-report.md",
      "report.html",
      "manifest.json",
    ]);
  });

  it("lists every other file in the manifest with its SHA-256 and size", () => {
    const b = bundle();
    const manifest = JSON.parse(file(b, "manifest.json"));
    const expected = b.files
      .filter((f) => f.path !== "manifest.json")
      .map((f) => ({ path: f.path, sha256: createHash("sha256").update(f.content).digest("hex"), bytes: Buffer.byteLength(f.content) }));
    expect(manifest.files).toEqual(expected);
  });

  it("records generation time from the clock, the git commit and the tool version", () => {
    const m = JSON.parse(file(bundle(), "manifest.json"));
    expect([m.kind, m.generatedAt, m.gitCommit, m.toolVersion, m.source]).toEqual([
      "emailmate-ops/soc2-evidence",
      "2026-11-29T12:00:00.000Z",
      "3f2a1c0d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49",
      "0.1.0",
      { kind: "plan", stack: "dev" },
    ]);
  });

  it("says unknown when there is no commit", () => {
    expect(JSON.parse(file(bundle(clean(), "unknown"), "manifest.json")).gitCommit).toBe("unknown");
  });

  it("has a control matrix row for each of the eight controls", () => {
    expect(bundle().matrix.map((c) => [c.control, c.status])).toEqual([
      ["CC6.1", "pass"],
      ["CC6.7", "pass"],
      ["CC7.2", "pass"],
      ["CC7.3", "pass"],
      ["CC7.4", "manual"],
      ["CC7.5", "manual"],
      ["CC8.1", "pass"],
      ["CC9.2", "manual"],
    ]);
  });

  it("lists the security page's subprocessors as CC9.2 evidence to collect", () => {
    expect(bundle().matrix.find((c) => c.control === "CC9.2")!.manualEvidence.map((e) => e.split(" (")[0])).toEqual(["AWS", "Vercel", "Convex", "Stripe", "PostHog", "Sentry"]);
  });

  it("marks controls with failures, and with manual or suppressed findings", () => {
    const m = buildEvidence({ report: sampleReport(), records, checks: ALL_CHECKS, generatedAt: at, gitCommit: "unknown", toolVersion: "0.1.0" }).matrix;
    expect(m.filter((c) => c.status !== "manual").map((c) => [c.control, c.status])).toEqual([
      ["CC6.1", "fail"],
      ["CC6.7", "pass"],
      ["CC7.2", "fail"],
      ["CC7.3", "fail"],
      ["CC8.1", "pass"],
    ]);
  });

  it("writes findings as CSV with a header and one row per finding", () => {
    const csv = file(bundle(), "findings.csv").trimEnd().split("\n");
    expect([csv[0], csv.length - 1]).toEqual(["policy,status,enforcement,severity,urn,type,name,tenant,message,controls,suppression_reason,suppression_expires", clean().findings.length]);
  });

  it("writes the tenant inventory", () => {
    expect(file(bundle(), "tenants.csv").split("\n").slice(0, 2)).toEqual([
      "tenant,name,plan,region,domains,configurationSet,kmsAlias,logGroups,retentionDays,resources,pass,fail,manual,suppressed",
      "acme,,,,mail.acme.example,tenant-acme,alias/emailmate/tenant/acme,/emailmate/tenants/acme/audit /emailmate/tenants/acme/ses-events,365,12,9,0,0,0",
    ]);
  });

  it("writes a self-contained HTML page: no scripts, no external resources", () => {
    const html = file(bundle(), "report.html");
    expect([html.startsWith("<!doctype html>"), /<script|<link|src=|url\(|https?:\/\/(?!emailmate)/i.test(html), html.includes("CC9.2")]).toEqual([true, false, true]);
  });

  it("escapes untrusted text in the HTML", () => {
    const html = file(buildEvidence({ report: sampleReport(), records, checks: ALL_CHECKS, generatedAt: at, gitCommit: "unknown", toolVersion: "0.1.0" }), "report.html");
    expect([html.includes("30 days agreed with Globex &lt;legal&gt; &amp; DPO"), html.includes("<legal>")]).toEqual([true, false]);
  });
});
