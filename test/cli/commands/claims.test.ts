import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../../src/core/clock";
import { hasOpenssl, testPki } from "../../support/certs";
import { runCliCapture } from "../../support/cli";
import { scratch } from "../../support/tmp";
import { routes, startHttp, startHttps, type Running } from "../../support/webServers";

const ROOT = join(__dirname, "../../..");
const clock = fixedClock("2026-12-03T09:00:00Z");

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "claims-"));
  for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml"]) cpSync(join(ROOT, f), join(dir, f));
  for (const d of ["tenants", "runbooks", "docs"]) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  return dir;
}

interface ClaimJson {
  id: string;
  text: string;
  status: string;
  evidence: { kind: string; ref: string; status: string; detail: string; target?: string }[];
  overstatements: { reason: string; suggestion: string }[];
}

describe("src/cli/commands/claims", () => {
  it("prints every claim of the shipped page with its status and evidence as JSON", async () => {
    const dir = project();
    const r = await runCliCapture(["claims", "--json"], { cwd: dir, clock });
    const data = JSON.parse(r.stdout) as { claims: ClaimJson[]; summary: Record<string, number> };
    expect(data.claims.length).toBe(data.summary.claims);
    expect(data.claims.every((c) => typeof c.id === "string" && typeof c.text === "string" && Array.isArray(c.evidence))).toBe(true);
    const byId = new Map(data.claims.map((c) => [c.id, c]));
    expect(byId.get("isolation.configuration-set")?.status).toBe("verified");
    // Offline, nothing probes emailmate.dev: the HSTS claim is not shown, whatever the Vercel config says.
    expect(byId.get("encryption.hsts")?.status).toBe("unverified");
    // The SOC 2 Type I target quarter ended on 2026-09-30: stale, so the claim fails and the command exits 1.
    expect(byId.get("compliance.soc2-type1")?.status).toBe("failed");
    expect(byId.get("compliance.soc2-type1")?.overstatements.map((o) => o.reason)).toEqual(["a roadmap date already passed (Q3 2026 ended on 2026-09-30) is stale"]);
    expect(r.code).toBe(1);
  });

  it("says where the page promises more than can be shown: TLS 1.3 over SES, the 72-hour notice", async () => {
    const r = await runCliCapture(["claims"], { cwd: project(), clock });
    expect(r.stdout).toContain("Where the page promises more than can be shown");
    expect(r.stdout).toContain("encryption.in-transit (docs/security-page.md:13:3): SES lets a configuration set require TLS");
    expect(r.stdout).toContain("incident.notice-72h (docs/security-page.md:34:114): GDPR Article 33 sets two different duties");
  });

  it("judges probe evidence from `probe --json` output", async () => {
    const dir = project();
    const checks = ["hsts.present", "hsts.max-age", "hsts.include-subdomains", "hsts.preload", "http.redirects-to-https"].map((id) => ({ id, status: "pass", detail: "ok" }));
    writeFileSync(join(dir, "probe.json"), JSON.stringify({ target: "https://emailmate.dev", checks }));
    const r = await runCliCapture(["claims", "--json", "--probes", "probe.json"], { cwd: dir, clock });
    const hsts = (JSON.parse(r.stdout) as { claims: ClaimJson[] }).claims.find((c) => c.id === "encryption.hsts");
    expect(hsts?.status).toBe("verified");
    writeFileSync(join(dir, "probe.json"), JSON.stringify({ target: "https://emailmate.dev", checks: checks.map((c) => (c.id === "hsts.preload" ? { ...c, status: "fail", detail: "no preload directive" } : c)) }));
    const again = await runCliCapture(["claims", "--json", "--probes", "probe.json"], { cwd: dir, clock });
    const failed = (JSON.parse(again.stdout) as { claims: ClaimJson[] }).claims.find((c) => c.id === "encryption.hsts");
    expect([failed?.status, failed?.evidence.find((e) => e.ref === "hsts.preload")?.detail]).toEqual(["failed", "no preload directive"]);
  });

  it("refuses an edited page whose new sentence has no claim: exit 2, located", async () => {
    const dir = project();
    const page = join(dir, "docs/security-page.md");
    writeFileSync(page, readFileSync(page, "utf8").replace("- Keys can be scoped per-agent and revoked instantly.", "- Keys can be scoped per-agent and revoked instantly.\n- Keys expire after 90 days."));
    const r = await runCliCapture(["claims"], { cwd: dir, clock });
    expect([r.code, r.stderr]).toEqual([
      2,
      expect.stringContaining('docs/security-page.md:27:3: E_REFERENCE (document): sentence has no claim in docs/claims.yaml: "Keys expire after 90 days."'),
    ]);
  });

  it("refuses evidence naming a check that does not exist", async () => {
    const dir = project();
    const file = join(dir, "docs/claims.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("- check: emailmate-tenant-missing-tag", "- check: emailmate-tenant-missing-tags"));
    const r = await runCliCapture(["claims", "--json"], { cwd: dir, clock });
    const out = JSON.parse(r.stdout) as { error: { diagnostics: { path: string; message: string }[] } };
    expect([r.code, out.error.diagnostics.map((d) => d.message)]).toEqual([2, ['no policy check "emailmate-tenant-missing-tags" (emailmate-ops policy list)']]);
  });

  it("puts the claims judged on the main job's own run into the evidence bundle and its HTML report", async () => {
    const dir = project();
    const r = await runCliCapture(["check", "--out", "ev"], { cwd: dir, clock });
    const claims = JSON.parse(readFileSync(join(dir, "ev/claims.json"), "utf8")) as { claims: ClaimJson[]; inputs: { policy: string; probes: string } };
    const manifest = JSON.parse(readFileSync(join(dir, "ev/manifest.json"), "utf8")) as { files: { path: string }[] };
    const html = readFileSync(join(dir, "ev/report.html"), "utf8");
    expect([r.code, claims.inputs.policy, claims.inputs.probes]).toEqual([0, "offline plan (stack dev)", "none (not probed in this run)"]);
    expect(claims.claims.find((c) => c.id === "isolation.configuration-set")?.status).toBe("verified");
    expect(claims.claims.find((c) => c.id === "compliance.soc2-type1")?.status).toBe("failed");
    expect(manifest.files.map((f) => f.path)).toContain("claims.json");
    expect(html).toContain("<h2>Security page claims (35)</h2>");
    expect(html).toContain("<code>compliance.soc2-type1</code>");
  });

  it("refuses a probe results file that is not probe output", async () => {
    const dir = project();
    writeFileSync(join(dir, "probe.json"), JSON.stringify({ hello: 1 }));
    const r = await runCliCapture(["claims", "--probes", "probe.json"], { cwd: dir, clock });
    expect([r.code, r.stderr.split("\n")[0]]).toEqual([2, expect.stringContaining("error: probe.json: expected {target, checks: [{id, status, detail}]}")]);
  });
});

describe.skipIf(!hasOpenssl())("src/cli/commands/claims --probe against a local site", () => {
  const tmp = scratch("claims-probe-");
  const running: Running[] = [];
  afterAll(async () => {
    await Promise.all(running.map((r) => r.close()));
    tmp.cleanup();
  });

  /** A project whose page has one HSTS sentence, mapped to probes of a site the test runs. */
  async function siteProject(hsts: string): Promise<{ dir: string; caFile: string; httpPort: number }> {
    const pki = testPki(tmp.dir);
    const https = await startHttps(pki.leaf("localhost"), { minVersion: "TLSv1.3" }, routes({ "/": { headers: [["Strict-Transport-Security", hsts]], body: "hi" } }));
    const http = await startHttp(routes({ "/": { status: 301, headers: [["location", `https://localhost:${https.port}/`]] } }));
    running.push(https, http);
    const dir = project();
    writeFileSync(join(dir, "docs/security-page.md"), "## Encryption\n\n- HSTS enforced on our site.\n");
    const target = `https://localhost:${https.port}`;
    const evidence = ["hsts.present", "hsts.preload", "http.redirects-to-https"].map((p) => `      - probe: ${p}\n        target: ${target}`).join("\n");
    writeFileSync(join(dir, "docs/claims.yaml"), `page: security-page.md\nclaims:\n  - id: hsts\n    text: "HSTS enforced on our site."\n    evidence:\n${evidence}\n`);
    return { dir, caFile: pki.caFile, httpPort: http.port };
  }

  it("probes the targets the claims name and verifies what the site shows", async () => {
    const s = await siteProject("max-age=63072000; includeSubDomains; preload");
    const r = await runCliCapture(["claims", "--probe", "--ca", s.caFile, "--http-port", String(s.httpPort), "--timeout", "5000", "--json"], { cwd: s.dir, clock: fixedClock(new Date()) });
    const claim = (JSON.parse(r.stdout) as { claims: ClaimJson[] }).claims[0];
    expect([r.code, claim?.status, claim?.evidence.map((e) => `${e.ref} ${e.status}`)]).toEqual([0, "verified", ["hsts.present verified", "hsts.preload verified", "http.redirects-to-https verified"]]);
  });

  it("fails the claim when the site's HSTS is too weak for preload", async () => {
    const s = await siteProject("max-age=300");
    const r = await runCliCapture(["claims", "--probe", "--ca", s.caFile, "--http-port", String(s.httpPort), "--timeout", "5000", "--json"], { cwd: s.dir, clock: fixedClock(new Date()) });
    const claim = (JSON.parse(r.stdout) as { claims: ClaimJson[] }).claims[0];
    expect([r.code, claim?.status, claim?.evidence.find((e) => e.ref === "hsts.preload")?.status]).toEqual([1, "failed", "failed"]);
  });

  it("refuses probe evidence naming a check the probes do not have", async () => {
    const s = await siteProject("max-age=63072000");
    const file = join(s.dir, "docs/claims.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("probe: hsts.preload", "probe: hsts.preloaded"));
    const r = await runCliCapture(["claims"], { cwd: s.dir, clock });
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('E_REFERENCE claims.0.evidence.1.probe: the web probe has no check "hsts.preloaded"; expected one of tls.1_3-offered')]);
  });
});
