import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildEvidence, renderEvidence, type EvidenceInput } from "../../src/evidence/bundle";
import { ALL_CHECKS } from "../../src/policy/checks";
import { evaluate } from "../../src/policy/engine/evaluate";
import { toReport } from "../../src/policy/report/model";
import { fromPlan } from "../../src/policy/sources/plan";
import { tenantRecords, vercelRecords } from "../policy/fixtures";
import { sampleReport } from "../policy/report/support";
import { CLOCK } from "../policy/support";
import { PROVENANCE } from "./support";

const records = [...tenantRecords("acme"), ...tenantRecords("globex"), ...vercelRecords()];
const clean = () => toReport(fromPlan({ stack: "dev", tenants: ["acme", "globex"], resources: records }), evaluate(records, { clock: CLOCK }));
const build = (over: Partial<EvidenceInput> = {}) => buildEvidence({ report: clean(), records, checks: ALL_CHECKS, provenance: PROVENANCE, ...over });
const bundle = (report = clean(), gitCommit = "3f2a1c0d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49") => {
  const evidence = build({ report, provenance: { ...PROVENANCE, git: { commit: gitCommit, dirty: false } } });
  return { files: renderEvidence(evidence), matrix: evidence.matrix };
};
const file = (b: { files: { path: string; content: string }[] }, path: string) => b.files.find((f) => f.path === path)!.content;

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

  it("records the provenance: tool, commit and dirty state, operator, time, period, inputs, policy in force", () => {
    const m = JSON.parse(file(bundle(), "manifest.json"));
    expect([m.kind, m.version, m.toolVersion, m.git, m.generatedBy, m.generatedAt, m.period, m.inputs, m.policy, m.source]).toEqual([
      "emailmate-ops/soc2-evidence",
      2,
      "0.1.0",
      { commit: "3f2a1c0d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49", dirty: false },
      { operator: "ada", host: "ci-runner-7" },
      "2026-11-29T12:00:00.000Z",
      { kind: "point-in-time", from: "2026-11-29T12:00:00.000Z", to: "2026-11-29T12:00:00.000Z" },
      PROVENANCE.inputs,
      PROVENANCE.policy,
      { kind: "plan", stack: "dev" },
    ]);
  });

  it("says unknown when there is no commit", () => {
    expect(JSON.parse(file(bundle(clean(), "unknown"), "manifest.json")).git.commit).toBe("unknown");
  });

  it("shows the provenance, the suppressions in force and a sign-off block in the HTML", () => {
    const html = file(bundle(), "report.html");
    expect([
      html.includes("by ada on ci-runner-7 with emailmate-ops 0.1.0"),
      html.includes("(clean working tree)"),
      html.includes(`tenant <code>tenants/acme.yaml</code> sha256 <code>${"ab".repeat(32)}</code>`),
      html.includes("<code>aws-cloudwatch-log-group-configure-retention</code> on <code>*::globex-audit-log-group</code> until 2027-01-31: 30 days agreed with Globex &lt;legal&gt; &amp; DPO"),
      html.includes("<h2>Sign-off</h2>"),
      html.includes("<tr><td>Prepared by</td><td>ada</td>"),
    ]).toEqual([true, true, true, true, true, true]);
  });

  it("says so in the HTML when the working tree was dirty", () => {
    const evidence = build({ provenance: { ...PROVENANCE, git: { commit: "c", dirty: true, changes: ["tenants/acme.yaml"] } } });
    expect(file({ files: renderEvidence(evidence) }, "report.html")).toContain("<strong>with uncommitted changes</strong> (tenants/acme.yaml)");
  });

  it("has a control matrix row for each of the eight controls; CC8.1 is manual, with what the bundle does show", () => {
    const m = bundle().matrix;
    expect(m.map((c) => [c.control, c.status])).toEqual([
      ["CC6.1", "pass"],
      ["CC6.7", "pass"],
      ["CC7.2", "pass"],
      ["CC7.3", "pass"],
      ["CC7.4", "manual"],
      ["CC7.5", "manual"],
      ["CC8.1", "manual"],
      ["CC9.2", "manual"],
    ]);
    const cc81 = m.find((c) => c.control === "CC8.1")!;
    expect([cc81.automated, cc81.note?.startsWith("No automated check tests change management."), cc81.manualEvidence.length]).toEqual([[], true, 4]);
  });

  it("lists the checks that tested nothing with their reason, even under a passing control", () => {
    const cc67 = bundle().matrix.find((c) => c.control === "CC6.7")!;
    expect(cc67.reasons).toEqual([
      "aws-apigateway-domain-name-enforce-tls13: not evaluated: no resources of type aws:apigateway/domainName:DomainName or aws:apigatewayv2/domainName:DomainName in the input",
      "aws-cloudfront-distribution-enforce-tls13: not evaluated: no resources of type aws:cloudfront/distribution:Distribution in the input",
      "aws-lb-listener-enforce-tls13: not evaluated: no resources of type aws:lb/listener:Listener or aws:alb/listener:Listener in the input",
    ]);
    expect(cc67.automated.map((a) => [a.policy, a.status])).toEqual([
      ["aws-apigateway-domain-name-enforce-tls13", "not-evaluated"],
      ["aws-cloudfront-distribution-enforce-tls13", "not-evaluated"],
      ["aws-lb-listener-enforce-tls13", "not-evaluated"],
      ["aws-sesv2-configuration-set-enforce-tls", "pass"],
      ["vercel-project-enforce-hsts", "pass"],
    ]);
  });

  it("marks a control needs-review when one of its checks is disabled by config: not tested", () => {
    const report = toReport(fromPlan({ stack: "dev", tenants: [], resources: records }), evaluate(records, { clock: CLOCK, config: { "aws-sesv2-configuration-set-enforce-tls": "disabled" } }));
    const cc67 = bundle(report).matrix.find((c) => c.control === "CC6.7")!;
    expect([cc67.status, cc67.reasons.filter((r) => r.includes("disabled"))]).toEqual([
      "needs-review",
      ["aws-sesv2-configuration-set-enforce-tls: not evaluated: the check is disabled by policy config (enforcementLevel: disabled); not tested"],
    ]);
  });

  it("lists the security page's subprocessors as CC9.2 evidence to collect", () => {
    expect(bundle().matrix.find((c) => c.control === "CC9.2")!.manualEvidence.map((e) => e.split(" (")[0])).toEqual(["AWS", "Vercel", "Convex", "Stripe", "PostHog", "Sentry"]);
  });

  it("marks controls with failures, and with manual or suppressed findings", () => {
    const m = build({ report: sampleReport() }).matrix;
    expect(m.filter((c) => c.status !== "manual").map((c) => [c.control, c.status])).toEqual([
      ["CC6.1", "fail"],
      ["CC6.7", "pass"],
      ["CC7.2", "fail"],
      ["CC7.3", "fail"],
    ]);
  });

  it("writes findings as CSV with a header and one row per finding", () => {
    const csv = file(bundle(), "findings.csv").trimEnd().split("\n");
    expect([csv[0], csv.length - 1]).toEqual(["policy,status,enforcement,severity,urn,type,name,tenant,message,controls,suppression_reason,suppression_expires", clean().findings.length]);
  });

  it("writes the tenant inventory", () => {
    expect(file(bundle(), "tenants.csv").split("\n").slice(0, 2)).toEqual([
      "tenant,name,plan,region,domains,configurationSet,kmsAlias,logGroups,retentionDays,resources,pass,fail,error,manual,suppressed",
      "acme,,,,mail.acme.example,tenant-acme,alias/emailmate/tenant/acme,/emailmate/tenants/acme/audit /emailmate/tenants/acme/ses-events,365,12,9,0,0,0,0",
    ]);
  });

  it("writes a self-contained HTML page: no scripts, no external resources", () => {
    const html = file(bundle(), "report.html");
    expect([html.startsWith("<!doctype html>"), /<script|<link|src=|url\(|https?:\/\/(?!emailmate)/i.test(html), html.includes("CC9.2")]).toEqual([true, false, true]);
  });

  it("escapes untrusted text in the HTML", () => {
    const html = file({ files: renderEvidence(build({ report: sampleReport() })) }, "report.html");
    expect([html.includes("30 days agreed with Globex &lt;legal&gt; &amp; DPO"), html.includes("<legal>")]).toEqual([true, false]);
  });
});
