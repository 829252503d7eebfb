import { describe, expect, it } from "vitest";
import { judgeWeb } from "../../src/probes/judgeWeb";
import { classifyHandshakeError } from "../../src/probes/net/tls";
import type { HandshakeOutcome, WebObservation } from "../../src/probes/observations";

const NOW = new Date("2026-12-03T00:00:00Z");
const ok = (version: HandshakeOutcome["version"], result: HandshakeOutcome["result"], detail = "x"): HandshakeOutcome => ({ version, result, detail });
const base: WebObservation = {
  target: "https://emailmate.dev/",
  host: "emailmate.dev",
  handshakes: [ok("TLSv1", "refused"), ok("TLSv1.1", "refused"), ok("TLSv1.2", "refused"), ok("TLSv1.3", "accepted")],
  cert: { ok: true, authorized: true, subject: "CN=emailmate.dev", issuer: "CN=R1", validFrom: "2026-11-01T00:00:00.000Z", validTo: "2027-01-30T00:00:00.000Z" },
  https: { ok: true, url: "https://emailmate.dev/", status: 200, headers: [["Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload"]], body: "", truncated: false },
  http: { ok: true, url: "http://emailmate.dev/", status: 308, headers: [["Location", "https://emailmate.dev/"]], body: "", truncated: false },
  securityTxt: {
    response: { ok: true, url: "https://emailmate.dev/.well-known/security.txt", status: 200, headers: [["Content-Type", "text/plain; charset=utf-8"]], body: "Contact: mailto:s@emailmate.dev\nExpires: 2027-06-01T00:00:00Z\n", truncated: false },
    redirects: [],
  },
};
const status = (o: WebObservation, now = NOW) => Object.fromEntries(judgeWeb(o, now).checks.map((c) => [c.id, c.status]));
const detail = (o: WebObservation, id: string, now = NOW) => judgeWeb(o, now).checks.find((c) => c.id === id)!.detail;

describe("src/probes/judgeWeb", () => {
  it("passes a complete observation", () => {
    expect(Object.values(status(base))).toEqual(Array(10).fill("pass"));
  });

  it("does not claim TLS 1.0 refused when the client could not even offer it", () => {
    const o = { ...base, handshakes: [ok("TLSv1", "client-unable", "this client could not offer TLSv1"), ...base.handshakes.slice(1)] };
    expect(status(o)["tls.below-1_3-refused"]).toBe("error");
    expect(detail(o, "tls.below-1_3-refused")).toBe("not evaluated: TLS 1.0: this client could not offer TLSv1");
  });

  it("an accepted old version fails even when another could not be tried", () => {
    const o = { ...base, handshakes: [ok("TLSv1", "client-unable"), ok("TLSv1.1", "refused"), ok("TLSv1.2", "accepted", "done"), ok("TLSv1.3", "accepted")] };
    expect(detail(o, "tls.below-1_3-refused")).toBe("accepted: TLS 1.2 (done)");
  });

  it("judges expiry by the clock given: 14 days or fewer left fails", () => {
    expect(detail(base, "cert.expiry")).toBe("58 days to expiry (2027-01-30T00:00:00.000Z)");
    const late = new Date("2027-01-17T00:00:00Z");
    expect([status(base, late)["cert.expiry"], detail(base, "cert.expiry", late)]).toEqual(["fail", "13 days to expiry (2027-01-30T00:00:00.000Z): fewer than 14, renewal is overdue"]);
    const after = new Date("2027-02-02T00:00:00Z");
    expect([status(base, after)["cert.valid"], detail(base, "cert.expiry", after)]).toEqual(["fail", "expired 3 days ago (2027-01-30T00:00:00.000Z)"]);
  });

  it("a failed HTTPS GET makes every HSTS check an error, never a pass", () => {
    const o = { ...base, https: { ok: false as const, code: "ETIMEDOUT", message: "slow" } };
    expect(["hsts.present", "hsts.max-age", "hsts.include-subdomains", "hsts.preload"].map((id) => status(o)[id])).toEqual(["error", "error", "error", "error"]);
  });

  it("a plain-HTTP timeout is an error; a redirect to http is a fail", () => {
    expect(status({ ...base, http: { ok: false, code: "TIMEOUT", message: "no answer" } })["http.redirects-to-https"]).toBe("error");
    const toHttp = { ...base, http: { ...base.http, headers: [["Location", "http://emailmate.dev/x"]] as [string, string][] } } as WebObservation;
    expect(detail(toHttp, "http.redirects-to-https")).toBe("http://emailmate.dev/ redirects (308) to http://emailmate.dev/x, not to HTTPS");
  });

  it("classifies handshake errors: refused, client-unable, accepted-then-client-refused, unreachable, unknown", () => {
    expect(classifyHandshakeError("ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION", true)).toBe("refused");
    expect(classifyHandshakeError("ECONNRESET", true)).toBe("refused");
    expect(classifyHandshakeError("ERR_SSL_NO_PROTOCOLS_AVAILABLE", true)).toBe("client-unable");
    expect(classifyHandshakeError("ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED", true)).toBe("accepted");
    expect(classifyHandshakeError("ECONNREFUSED", false)).toBe("unreachable");
    expect(classifyHandshakeError("ERR_SSL_WRONG_VERSION_NUMBER", true)).toBe("error");
    expect(classifyHandshakeError("HANDSHAKE_TIMEOUT", true)).toBe("error");
  });
});
