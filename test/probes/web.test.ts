import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type AddressInfo } from "node:net";
import { fixedClock } from "../../src/core/clock";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { readProbeResults } from "../../src/cli/commands/claims";
import { WEB_CHECK_IDS, type ProbeReport } from "../../src/probes/types";
import { runCliCapture } from "../support/cli";
import { hasOpenssl, testPki, type KeyPair } from "../support/certs";
import { scratch } from "../support/tmp";
import { routes, startHttp, startHttps, type Running } from "../support/webServers";

const NOW = new Date();
const inDays = (d: number) => new Date(NOW.getTime() + d * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
const STRONG = "max-age=63072000; includeSubDomains; preload";
const GOOD_TXT = `# EmailMate\nContact: mailto:security@emailmate.dev\nExpires: ${inDays(100)}\nPreferred-Languages: en\n`;
const TEXT = ["content-type", "text/plain; charset=utf-8"] as [string, string];

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe.skipIf(!hasOpenssl())("src/cli/commands/probe-web against local servers", () => {
  const tmp = scratch("probe-web-");
  let pki: ReturnType<typeof testPki>;
  let good: KeyPair;
  const running: Running[] = [];
  beforeAll(() => {
    pki = testPki(tmp.dir);
    good = pki.leaf("localhost");
  });
  afterAll(async () => {
    await Promise.all(running.map((r) => r.close()));
    tmp.cleanup();
  });

  /** An HTTPS site (and optionally its plain-HTTP side) on free ports. */
  async function site(opts: { pair?: KeyPair; tls?: Parameters<typeof startHttps>[1]; hsts?: string[]; txt?: { status?: number; body?: string; headers?: [string, string][] }; http?: "redirect" | "plain" | "elsewhere" | "closed" }) {
    const hsts = (opts.hsts ?? [STRONG]).map((v) => ["Strict-Transport-Security", v] as [string, string]);
    const https = await startHttps(opts.pair ?? good, opts.tls ?? { minVersion: "TLSv1.3" }, routes({
      "/": { headers: [...hsts, ["content-type", "text/html"]], body: "<p>hi</p>" },
      "/.well-known/security.txt": { status: opts.txt?.status ?? 200, headers: opts.txt?.headers ?? [TEXT], body: opts.txt?.body ?? GOOD_TXT },
    }));
    running.push(https);
    let httpPort: number;
    const mode = opts.http ?? "redirect";
    if (mode === "closed") httpPort = await freePort();
    else {
      const location = mode === "redirect" ? `https://localhost:${https.port}/` : "https://www.example.test/";
      const http = await startHttp(routes({ "/": mode === "plain" ? { body: "hello in clear text" } : { status: 301, headers: [["location", location]] } }));
      running.push(http);
      httpPort = http.port;
    }
    return { url: `https://localhost:${https.port}/`, httpPort };
  }

  async function probe(s: { url: string; httpPort: number }, extra: string[] = ["--ca", pki.caFile]) {
    const r = await runCliCapture(["probe", s.url, "--http-port", String(s.httpPort), "--timeout", "5000", ...extra, "--json"], { cwd: tmp.dir, clock: fixedClock(new Date()) });
    const report = JSON.parse(r.stdout) as ProbeReport;
    const by = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    return { code: r.code, report, by, status: Object.fromEntries(report.checks.map((c) => [c.id, c.status])) };
  }

  it("a TLS 1.3-only site with preload-grade HSTS, a redirect and a good security.txt passes every check", async () => {
    const s = await site({});
    const r = await probe(s);
    expect(r.report.target).toBe(s.url);
    expect(r.report.checks.map((c) => `${c.id} ${c.status}`)).toEqual([
      "tls.1_3-offered pass",
      "tls.below-1_3-refused pass",
      "cert.valid pass",
      "cert.expiry pass",
      "hsts.present pass",
      "hsts.max-age pass",
      "hsts.include-subdomains pass",
      "hsts.preload pass",
      "http.redirects-to-https pass",
      "security-txt.valid pass",
    ]);
    expect(r.code).toBe(0);
    expect(r.by["tls.below-1_3-refused"]!.detail).toMatch(/^refused: TLS 1\.0 \(ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: .*\); TLS 1\.1 \(.*\); TLS 1\.2 \(.*\)$/);
    expect(r.by["cert.expiry"]!.detail).toMatch(/^(29|30) days to expiry/);
    expect(r.by["http.redirects-to-https"]!.detail).toBe(`http://localhost:${s.httpPort}/ redirects (301) to ${s.url}`);
    expect(r.by["security-txt.valid"]!.detail).toBe(`${s.url}.well-known/security.txt: Contact mailto:security@emailmate.dev; Expires ${inDays(100)}`);
  });

  it("its --json output is what `claims --probes` reads", async () => {
    const s = await site({});
    const r = await runCliCapture(["probe", s.url, "--http-port", String(s.httpPort), "--ca", pki.caFile, "--json"], { cwd: tmp.dir, clock: fixedClock(new Date()) });
    writeFileSync(join(tmp.dir, "probe.json"), r.stdout);
    const read = readProbeResults(tmp.dir, ["probe.json"]);
    expect([read.length, read[0]!.target, read[0]!.checks.map((c) => c.id)]).toEqual([1, s.url, [...WEB_CHECK_IDS]]);
  });

  it("prints a readable table without --json", async () => {
    const s = await site({ hsts: ["max-age=300"] });
    const r = await runCliCapture(["probe", s.url, "--http-port", String(s.httpPort), "--ca", pki.caFile], { cwd: tmp.dir, clock: fixedClock(new Date()) });
    const lines = r.stdout.trimEnd().split("\n");
    expect([r.code, lines[0], lines[6], lines[11]]).toEqual([1, s.url, "  FAIL  hsts.max-age             max-age=300 is below 31536000 (one year), the preload list's minimum", "7 passed, 3 failed, 0 not evaluated (error)"]);
  });

  it("a TLS 1.2-only site fails both TLS checks, exit 1", async () => {
    const r = await probe(await site({ tls: { minVersion: "TLSv1.2", maxVersion: "TLSv1.2" } }));
    expect([r.code, r.status["tls.1_3-offered"], r.status["tls.below-1_3-refused"]]).toEqual([1, "fail", "fail"]);
    expect(r.by["tls.below-1_3-refused"]!.detail).toBe("accepted: TLS 1.2 (handshake completed (TLSv1.2))");
  });

  it("a site still accepting TLS 1.0 is caught (the probe offers 1.0 at OpenSSL security level 0)", async () => {
    const r = await probe(await site({ tls: { minVersion: "TLSv1", ciphers: "DEFAULT@SECLEVEL=0" } }));
    expect(r.status["tls.1_3-offered"]).toBe("pass");
    expect(r.by["tls.below-1_3-refused"]!.detail).toMatch(/^accepted: TLS 1\.0 \(.*\); TLS 1\.1 \(.*\); TLS 1\.2 \(handshake completed \(TLSv1\.2\)\)$/);
  });

  it("without --ca the private root is not trusted: cert.valid fails, and HSTS over a bad certificate does not count", async () => {
    const r = await probe(await site({}), []);
    expect(r.by["cert.valid"]!.detail).toBe("CN=localhost issued by CN=Probe Test Root: chain not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE)");
    expect(r.by["hsts.present"]).toEqual({ id: "hsts.present", status: "fail", detail: `Strict-Transport-Security: ${STRONG} is sent over a connection with certificate errors; browsers ignore it` });
    expect(r.by["security-txt.valid"]).toEqual({ id: "security-txt.valid", status: "fail", detail: "/.well-known/security.txt: served over a certificate that does not verify (UNABLE_TO_VERIFY_LEAF_SIGNATURE); RFC 9116 requires https" });
    expect(r.code).toBe(1);
  });

  it("a self-signed certificate fails cert.valid", async () => {
    const r = await probe(await site({ pair: pki.leaf("localhost", { selfSigned: true }) }));
    expect(r.by["cert.valid"]!.detail).toBe("CN=localhost issued by CN=localhost: chain not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)");
  });

  it("a certificate for another name fails cert.valid", async () => {
    const r = await probe(await site({ pair: pki.leaf("other.example") }));
    expect(r.by["cert.valid"]!.status).toBe("fail");
    expect(r.by["cert.valid"]!.detail).toContain("name does not match localhost: Hostname/IP does not match certificate's altnames: Host: localhost. is not in the cert's altnames: DNS:other.example");
  });

  it("an expired certificate fails cert.valid and cert.expiry", async () => {
    const r = await probe(await site({ pair: pki.leaf("localhost", { days: -1 }) }));
    expect([r.status["cert.valid"], r.status["cert.expiry"]]).toEqual(["fail", "fail"]);
    expect(r.by["cert.valid"]!.detail).toMatch(/chain not trusted \(CERT_HAS_EXPIRED\); expired on /);
    expect(r.by["cert.expiry"]!.detail).toMatch(/^expired 1 day ago \(/);
  });

  it("missing HSTS fails all four HSTS checks", async () => {
    const r = await probe(await site({ hsts: [] }));
    expect(["hsts.present", "hsts.max-age", "hsts.include-subdomains", "hsts.preload"].map((id) => r.status[id])).toEqual(["fail", "fail", "fail", "fail"]);
    expect(r.by["hsts.present"]!.detail).toMatch(/^no Strict-Transport-Security header on https:\/\/localhost:\d+\/ \(HTTP 200\)$/);
  });

  it("weak HSTS: present, but max-age, includeSubDomains and preload fail", async () => {
    const r = await probe(await site({ hsts: ["max-age=300"] }));
    expect(["hsts.present", "hsts.max-age", "hsts.include-subdomains", "hsts.preload"].map((id) => r.status[id])).toEqual(["pass", "fail", "fail", "fail"]);
    expect(r.by["hsts.max-age"]!.detail).toBe("max-age=300 is below 31536000 (one year), the preload list's minimum");
  });

  it("duplicate HSTS headers: only the first counts (RFC 6797 §8.1)", async () => {
    const r = await probe(await site({ hsts: ["max-age=300", STRONG] }));
    expect(r.by["hsts.present"]!.detail).toBe("Strict-Transport-Security: max-age=300 (2 headers; browsers use only the first, RFC 6797 §8.1)");
    expect(r.status["hsts.max-age"]).toBe("fail");
  });

  it("a malformed HSTS header is ignored as browsers do", async () => {
    const r = await probe(await site({ hsts: ["max-age=63072000; max-age=1; preload"] }));
    expect(r.by["hsts.present"]!.detail).toBe("Strict-Transport-Security: max-age=63072000; max-age=1; preload is invalid (directive max-age appears twice (each directive must appear only once)); browsers ignore it");
    expect(r.status["hsts.preload"]).toBe("fail");
  });

  it("plain HTTP answering in clear text fails the redirect check", async () => {
    const s = await site({ http: "plain" });
    const r = await probe(s);
    expect(r.by["http.redirects-to-https"]!.detail).toBe(`http://localhost:${s.httpPort}/ answers HTTP 200 in clear text without redirecting to HTTPS`);
  });

  it("plain HTTP redirecting to another host first fails the redirect check", async () => {
    const r = await probe(await site({ http: "elsewhere" }));
    expect(r.by["http.redirects-to-https"]!.detail).toMatch(/redirects \(301\) to another host first \(https:\/\/www\.example\.test\/\)/);
  });

  it("nothing listening on the plain-HTTP port passes (nothing served in clear text)", async () => {
    const r = await probe(await site({ http: "closed" }));
    expect(r.by["http.redirects-to-https"]).toEqual({ id: "http.redirects-to-https", status: "pass", detail: "plain HTTP connection refused: nothing is served in clear text" });
  });

  it("an expired security.txt fails", async () => {
    const r = await probe(await site({ txt: { body: `Contact: mailto:security@emailmate.dev\nExpires: ${inDays(-1)}\n` } }));
    expect(r.by["security-txt.valid"]!.detail).toMatch(new RegExp(`: Expires: ${inDays(-1)} is in the past: the file is stale$`));
  });

  it("a missing security.txt fails", async () => {
    const r = await probe(await site({ txt: { status: 404, body: "no" } }));
    expect(r.by["security-txt.valid"]!.detail).toMatch(/security\.txt: missing \(HTTP 404\)$/);
  });

  it("security.txt served as HTML with Expires twice and no Contact lists every problem", async () => {
    const body = `Expires: ${inDays(10)}\nExpires: ${inDays(20)}\n`;
    const r = await probe(await site({ txt: { body, headers: [["content-type", "text/html"]] } }));
    expect(r.by["security-txt.valid"]!.detail).toMatch(/: Content-Type text\/html \(expected text\/plain; charset=utf-8\); Contact is missing \(required\); Expires appears 2 times \(lines 1, 2\); it must appear exactly once$/);
  });

  it("a host that cannot be reached at all: every check is an error, exit 3", async () => {
    const port = await freePort();
    const r = await probe({ url: `https://localhost:${port}/`, httpPort: await freePort() });
    expect(r.code).toBe(3);
    expect(r.report.checks.filter((c) => c.id !== "http.redirects-to-https").map((c) => c.status)).toEqual(Array(9).fill("error"));
    expect(r.by["tls.1_3-offered"]!.detail).toMatch(/^TLS 1\.3 not evaluated: ECONNREFUSED/);
  });

  it("a plain-HTTP server on the HTTPS port: TLS checks are errors (no TLS answer), never passes; exit 3", async () => {
    const plain = await startHttp(routes({ "/": { body: "not TLS" } }));
    running.push(plain);
    const r = await probe({ url: `https://localhost:${plain.port}/`, httpPort: await freePort() });
    expect(r.code).toBe(3);
    expect([r.status["tls.1_3-offered"], r.status["tls.below-1_3-refused"], r.status["cert.valid"], r.status["hsts.present"], r.status["security-txt.valid"]]).toEqual(["error", "error", "error", "error", "error"]);
    expect(r.by["tls.1_3-offered"]!.detail).toMatch(/^TLS 1\.3 not evaluated: ERR_SSL_WRONG_VERSION_NUMBER/);
  });

  it("a bad URL is a usage error, exit 2", async () => {
    const http = await runCliCapture(["probe", "http://localhost/"], { cwd: tmp.dir });
    expect([http.code, http.stderr]).toEqual([2, "error: http://localhost/: expected an https:// URL (plain HTTP is probed on the same host automatically)\n"]);
    const junk = await runCliCapture(["probe", "not a url", "--json"], { cwd: tmp.dir });
    expect([junk.code, JSON.parse(junk.stdout).error.code]).toEqual([2, "E_PROBE_URL"]);
    const ca = await runCliCapture(["probe", "https://localhost/", "--ca", "nope.pem"], { cwd: tmp.dir });
    expect([ca.code, ca.stderr.split("\n")[0]]).toEqual([2, "error: --ca nope.pem: cannot read it (ENOENT)"]);
  });
});
