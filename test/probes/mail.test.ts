import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readProbeResults } from "../../src/cli/commands/claims";
import type { ProbeReport } from "../../src/probes/types";
import { runCliCapture } from "../support/cli";
import { hasOpenssl, testPki } from "../support/certs";
import { startDnsServer, type Zone, type ZoneEntry } from "../support/dnsServer";
import { scratch } from "../support/tmp";
import { startHttps, type Running } from "../support/webServers";

const REPO = join(__dirname, "..", "..");
const ENFORCE = (mx: string) => `version: STSv1\r\nmode: enforce\r\nmx: ${mx}\r\nmax_age: 604800\r\n`;

/** A domain with every record right; `over` replaces names' entries (undefined removes one). */
function domainZone(d: string, over: Record<string, ZoneEntry | undefined> = {}): Zone {
  const base: Record<string, ZoneEntry | undefined> = {
    [`_mta-sts.${d}`]: { TXT: ["v=STSv1; id=20261201T000000"] },
    [`mta-sts.${d}`]: { A: ["127.0.0.1"] },
    [d]: { MX: [{ priority: 10, exchange: `mx1.${d}` }], TXT: ["v=spf1 include:amazonses.com -all", "google-site-verification=abc"] },
    [`_smtp._tls.${d}`]: { TXT: ["v=TLSRPTv1; rua=mailto:tlsrpt@" + d] },
    [`_dmarc.${d}`]: { TXT: ["v=DMARC1; p=reject; rua=mailto:dmarc@" + d] },
    ...over,
  };
  return Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined)) as Zone;
}

describe.skipIf(!hasOpenssl())("src/cli/commands/probe-mail against a local DNS server and policy host", () => {
  const tmp = scratch("probe-mail-");
  const policies: Record<string, { body: string; type?: string; status?: number }> = {};
  let dns: Awaited<ReturnType<typeof startDnsServer>>;
  let https: Running;
  let caFile: string;

  beforeAll(async () => {
    const pki = testPki(tmp.dir);
    caFile = pki.caFile;
    const domains = ["good.example", "weak.example", "mail.org.example", "spf.example", "mx.example", "mail.acme.example", "notify.acme.example", "broken.example"];
    const pair = pki.leaf("mta-sts.good.example", { sans: domains.map((d) => `mta-sts.${d}`) });
    https = await startHttps(pair, {}, (req, res) => {
      const p = policies[(req.headers.host ?? "").split(":")[0]!];
      if (p === undefined || req.url !== "/.well-known/mta-sts.txt") return void res.writeHead(404).end();
      res.writeHead(p.status ?? 200, { "content-type": p.type ?? "text/plain" }).end(p.body);
    });
    for (const d of domains) policies[`mta-sts.${d}`] = { body: ENFORCE(`mx1.${d}`) };
    policies["mta-sts.weak.example"] = { body: "version: STSv1\nmode: testing\nmx: mx1.weak.example\nmax_age: 86400\n" };
    policies["mta-sts.mx.example"] = { body: ENFORCE("*.mail.mx.example") };
    dns = await startDnsServer(
      {
        ...domainZone("good.example"),
        ...domainZone("weak.example", {
          "_mta-sts.weak.example": undefined,
          "_smtp._tls.weak.example": { TXT: ["v=TLSRPTv1; rua=http://reports.weak.example"] },
          "_dmarc.weak.example": { TXT: ["v=DMARC1; p=none"] },
          "weak.example": { MX: [{ priority: 10, exchange: "mx1.weak.example" }], TXT: ["v=spf1 +all"] },
        }),
        ...domainZone("mail.org.example", { "_dmarc.mail.org.example": undefined }),
        "_dmarc.org.example": { TXT: ["v=DMARC1; p=reject; sp=quarantine"] },
        "org.example": { A: ["127.0.0.1"] },
        ...domainZone("spf.example", { "spf.example": { MX: [{ priority: 10, exchange: "mx1.spf.example" }], TXT: ["v=spf1 redirect=_spf.provider.example"] } }),
        "_spf.provider.example": { TXT: ["v=spf1 ip4:192.0.2.0/24 ~all"] },
        ...domainZone("mx.example", { "mx.example": { MX: [{ priority: 10, exchange: "a.mail.mx.example" }, { priority: 20, exchange: "backup.other.example" }], TXT: ["v=spf1 -all", "v=spf1 ~all"] } }),
        ...domainZone("mail.acme.example"),
        ...domainZone("notify.acme.example", { "_smtp._tls.notify.acme.example": undefined }),
        ...domainZone("broken.example"),
      },
      { fail: (name) => name === "_dmarc.broken.example" },
    );
    cpSync(join(REPO, "tenants"), join(tmp.dir, "tenants"), { recursive: true });
  });
  afterAll(async () => {
    await Promise.all([dns.close(), https.close()]);
    tmp.cleanup();
  });

  const run = (args: string[], extra = ["--ca", caFile]) =>
    runCliCapture(["probe", "mail", ...args, "--dns-server", `127.0.0.1:${dns.port}`, "--mta-sts-port", String(https.port), "--timeout", "3000", ...extra, "--json"], { cwd: tmp.dir });
  async function probe(domain: string, extra?: string[]) {
    const r = await run([domain], extra);
    const report = JSON.parse(r.stdout) as ProbeReport;
    return { code: r.code, report, status: Object.fromEntries(report.checks.map((c) => [c.id, c.status])), detail: Object.fromEntries(report.checks.map((c) => [c.id, c.detail])) };
  }

  it("a domain with MTA-STS enforce, TLS-RPT, DMARC reject and SPF -all passes, exit 0", async () => {
    const r = await probe("good.example");
    expect(r.report).toEqual({
      target: "good.example",
      checks: [
        { id: "mta-sts.record", status: "pass", detail: '_mta-sts.good.example "v=STSv1; id=20261201T000000"' },
        { id: "mta-sts.policy", status: "pass", detail: `https://mta-sts.good.example:${https.port}/.well-known/mta-sts.txt: mode: enforce, mx: mx1.good.example, max_age: 604800` },
        { id: "tls-rpt.valid", status: "pass", detail: '_smtp._tls.good.example "v=TLSRPTv1; rua=mailto:tlsrpt@good.example"' },
        { id: "dmarc.enforced", status: "pass", detail: '_dmarc.good.example "v=DMARC1; p=reject; rua=mailto:dmarc@good.example"' },
        { id: "spf.valid", status: "pass", detail: 'good.example "v=spf1 include:amazonses.com -all"' },
      ],
    });
    expect(r.code).toBe(0);
  });

  it("a weak domain fails every check with the reason, exit 1", async () => {
    const r = await probe("weak.example");
    expect(r.code).toBe(1);
    expect(r.detail).toEqual({
      "mta-sts.record": "no v=STSv1 TXT record at _mta-sts.weak.example",
      "mta-sts.policy": `https://mta-sts.weak.example:${https.port}/.well-known/mta-sts.txt: mode: testing: senders do not refuse plain-text delivery (expected enforce)`,
      "tls-rpt.valid": '_smtp._tls.weak.example "v=TLSRPTv1; rua=http://reports.weak.example": rua http://reports.weak.example: expected a mailto: or https: URI',
      "dmarc.enforced": '_dmarc.weak.example "v=DMARC1; p=none": p=none: failing mail is delivered (expected quarantine or reject)',
      "spf.valid": 'weak.example "v=spf1 +all": +all lets any host pass or stay neutral (expected -all or ~all)',
    });
  });

  it("DMARC falls back to the parent domain's sp=", async () => {
    const r = await probe("mail.org.example");
    expect([r.status["dmarc.enforced"], r.detail["dmarc.enforced"]]).toEqual([
      "pass",
      `_dmarc.org.example (the organizational domain's record, taken as the nearest parent's: no public-suffix list here) "v=DMARC1; p=reject; sp=quarantine"`,
    ]);
  });

  it("SPF follows redirect=", async () => {
    const r = await probe("spf.example");
    expect(r.detail["spf.valid"]).toBe('spf.example "v=spf1 redirect=_spf.provider.example" → _spf.provider.example "v=spf1 ip4:192.0.2.0/24 ~all"');
  });

  it("two SPF records and an MX the policy does not cover fail", async () => {
    const r = await probe("mx.example");
    expect(r.detail["spf.valid"]).toBe("mx.example: 2 v=spf1 records (permerror: exactly one is allowed)");
    expect(r.detail["mta-sts.policy"]).toBe(
      `https://mta-sts.mx.example:${https.port}/.well-known/mta-sts.txt: MX backup.other.example not matched by the policy's mx (*.mail.mx.example): mail to them would fail under enforce`,
    );
  });

  it("a policy host whose certificate does not verify fails mta-sts.policy", async () => {
    const r = await probe("good.example", []);
    expect(r.detail["mta-sts.policy"]).toBe(`https://mta-sts.good.example:${https.port}/.well-known/mta-sts.txt: the certificate is not valid (UNABLE_TO_VERIFY_LEAF_SIGNATURE): senders ignore the policy (RFC 8461 §3.3)`);
  });

  it("a DNS failure (SERVFAIL) is an error, never a pass; exit 3 when nothing failed", async () => {
    const r = await probe("broken.example");
    expect([r.code, r.status["dmarc.enforced"]]).toEqual([3, "error"]);
    expect(r.detail["dmarc.enforced"]).toMatch(/^could not read _dmarc\.broken\.example: DNS ESERVFAIL: /);
  });

  it("--tenant probes every sending domain of the tenant", async () => {
    const r = await run(["--tenant", "acme"]);
    const out = JSON.parse(r.stdout) as { tenant: string; probes: ProbeReport[] };
    expect([r.code, out.tenant, out.probes.map((x) => x.target)]).toEqual([1, "acme", ["mail.acme.example", "notify.acme.example"]]);
    writeFileSync(join(tmp.dir, "tenant-probe.json"), r.stdout);
    expect(readProbeResults(tmp.dir, ["tenant-probe.json"]).map((p) => p.target)).toEqual(["mail.acme.example", "notify.acme.example"]);
    expect(out.probes[1]!.checks.find((c) => c.id === "tls-rpt.valid")).toEqual({ id: "tls-rpt.valid", status: "fail", detail: "no v=TLSRPTv1 TXT record at _smtp._tls.notify.acme.example" });
  });

  it("a DNS server that does not answer makes every check an error, exit 3", async () => {
    const r = await runCliCapture(["probe", "mail", "good.example", "--dns-server", "127.0.0.1:9", "--timeout", "300", "--json"], { cwd: tmp.dir });
    const report = JSON.parse(r.stdout) as ProbeReport;
    expect([r.code, report.checks.map((c) => c.status)]).toEqual([3, ["error", "error", "error", "error", "error"]]);
  });

  it("bad input is a usage error, exit 2", async () => {
    const both = await runCliCapture(["probe", "mail", "good.example", "--tenant", "acme"], { cwd: tmp.dir });
    expect([both.code, both.stderr]).toEqual([2, "error: probe mail: give a domain or --tenant <id> (one of them)\n"]);
    const server = await runCliCapture(["probe", "mail", "good.example", "--dns-server", "dns.example:53"], { cwd: tmp.dir });
    expect([server.code, server.stderr]).toEqual([2, "error: --dns-server dns.example:53: expected an IP address with an optional port, e.g. 127.0.0.1:5353 or [::1]:53\n"]);
    const domain = await runCliCapture(["probe", "mail", "not_a domain"], { cwd: tmp.dir });
    expect([domain.code, domain.stderr]).toEqual([2, 'error: "not_a domain" is not a domain name, e.g. mail.acme.example\n']);
  });

  it("asks only the local server (nothing else is reached)", () => {
    expect(dns.queries).toContain("_mta-sts.good.example TXT");
    expect(dns.queries).toContain("mta-sts.good.example A");
  });
});

