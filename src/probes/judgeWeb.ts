import { parseHsts, PRELOAD_MIN_MAX_AGE } from "./hsts";
import { headerValues, isCertificateError, type CertResult, type HandshakeOutcome, type HttpResponse, type WebObservation } from "./observations";
import { judgeSecurityTxt } from "./securityTxt";
import { check, type ProbeCheck, type ProbeReport } from "./types";

const DAY_MS = 24 * 3600 * 1000;
/** Fewer days than this before expiry fails cert.expiry: renewal is overdue. */
export const CERT_MIN_DAYS = 14;
const LABELS: Readonly<Record<string, string>> = { TLSv1: "TLS 1.0", "TLSv1.1": "TLS 1.1", "TLSv1.2": "TLS 1.2", "TLSv1.3": "TLS 1.3" };
const label = (v: string) => LABELS[v] ?? v;

function tlsChecks(handshakes: readonly HandshakeOutcome[]): ProbeCheck[] {
  const of = (v: string) => handshakes.find((h) => h.version === v);
  const v13 = of("TLSv1.3");
  const offered =
    v13 === undefined
      ? check("tls.1_3-offered", "error", "TLS 1.3 was not tried")
      : v13.result === "accepted"
        ? check("tls.1_3-offered", "pass", `TLS 1.3: ${v13.detail}`)
        : v13.result === "refused"
          ? check("tls.1_3-offered", "fail", `TLS 1.3 refused: ${v13.detail}`)
          : check("tls.1_3-offered", "error", `TLS 1.3 not evaluated: ${v13.detail}`);
  const older = ["TLSv1", "TLSv1.1", "TLSv1.2"].map((v) => of(v) ?? { version: v, result: "error" as const, detail: "not tried" });
  const accepted = older.filter((h) => h.result === "accepted");
  const unknown = older.filter((h) => h.result !== "accepted" && h.result !== "refused");
  const below =
    accepted.length > 0
      ? check("tls.below-1_3-refused", "fail", `accepted: ${accepted.map((h) => `${label(h.version)} (${h.detail})`).join("; ")}`)
      : unknown.length > 0
        ? check("tls.below-1_3-refused", "error", `not evaluated: ${unknown.map((h) => `${label(h.version)}: ${h.detail}`).join("; ")}`)
        : check("tls.below-1_3-refused", "pass", `refused: ${older.map((h) => `${label(h.version)} (${h.detail})`).join("; ")}`);
  return [offered, below];
}

function certChecks(cert: CertResult, host: string, now: Date): ProbeCheck[] {
  if (!cert.ok) return [check("cert.valid", "error", `could not read the certificate: ${cert.code}: ${cert.message}`), check("cert.expiry", "error", "no certificate read")];
  const days = Math.floor((Date.parse(cert.validTo) - now.getTime()) / DAY_MS);
  const problems: string[] = [];
  if (!cert.authorized) problems.push(`chain not trusted (${cert.authorizationError ?? "unverified"})`);
  if (cert.nameError !== undefined) problems.push(`name does not match ${host}: ${cert.nameError}`);
  if (Date.parse(cert.validFrom) > now.getTime()) problems.push(`not valid before ${cert.validFrom}`);
  if (Date.parse(cert.validTo) <= now.getTime()) problems.push(`expired on ${cert.validTo}`);
  const who = `${cert.subject} issued by ${cert.issuer}`;
  const valid =
    problems.length === 0
      ? check("cert.valid", "pass", `${who}: chain trusted, name matches ${host}, valid until ${cert.validTo}`)
      : check("cert.valid", "fail", `${who}: ${problems.join("; ")}`);
  const ago = Math.floor((now.getTime() - Date.parse(cert.validTo)) / DAY_MS);
  const expiry =
    days < 0
      ? check("cert.expiry", "fail", `expired ${ago === 0 ? "less than a day" : `${ago} day${ago === 1 ? "" : "s"}`} ago (${cert.validTo})`)
      : days < CERT_MIN_DAYS
        ? check("cert.expiry", "fail", `${days} days to expiry (${cert.validTo}): fewer than ${CERT_MIN_DAYS}, renewal is overdue`)
        : check("cert.expiry", "pass", `${days} days to expiry (${cert.validTo})`);
  return [valid, expiry];
}

function hstsChecks(r: WebObservation["https"], certTrusted: boolean): ProbeCheck[] {
  const all = (status: "fail" | "error", why: string) =>
    (["hsts.present", "hsts.max-age", "hsts.include-subdomains", "hsts.preload"] as const).map((id) => check(id, status, why));
  if (!r.ok) return all("error", `could not GET ${r.code}: ${r.message}`);
  const values = headerValues(r, "strict-transport-security");
  if (values.length === 0) return all("fail", `no Strict-Transport-Security header on ${r.url} (HTTP ${r.status})`);
  const dup = values.length > 1 ? ` (${values.length} headers; browsers use only the first, RFC 6797 §8.1)` : "";
  const parsed = parseHsts(values[0]!);
  if (!parsed.ok) {
    return [
      check("hsts.present", "fail", `Strict-Transport-Security: ${values[0]} is invalid (${parsed.reason}); browsers ignore it${dup}`),
      ...all("fail", "no valid Strict-Transport-Security header").slice(1),
    ];
  }
  return [
    certTrusted
      ? check("hsts.present", "pass", `Strict-Transport-Security: ${values[0]}${dup}`)
      : check("hsts.present", "fail", `Strict-Transport-Security: ${values[0]} is sent over a connection with certificate errors; browsers ignore it${dup}`),
    parsed.maxAge >= PRELOAD_MIN_MAX_AGE
      ? check("hsts.max-age", "pass", `max-age=${parsed.maxAge} (at least ${PRELOAD_MIN_MAX_AGE})`)
      : check("hsts.max-age", "fail", `max-age=${parsed.maxAge} is below ${PRELOAD_MIN_MAX_AGE} (one year), the preload list's minimum`),
    parsed.includeSubDomains ? check("hsts.include-subdomains", "pass", "includeSubDomains is set") : check("hsts.include-subdomains", "fail", "includeSubDomains is missing"),
    parsed.preload ? check("hsts.preload", "pass", "preload is set") : check("hsts.preload", "fail", "preload is missing"),
  ];
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function redirectCheck(r: WebObservation["http"], host: string): ProbeCheck {
  if (!r.ok) {
    // Nothing listening on the plain-HTTP port serves nothing in clear text: the preload list asks for a redirect only
    // from hosts that listen on port 80.
    if (r.code === "ECONNREFUSED") return check("http.redirects-to-https", "pass", "plain HTTP connection refused: nothing is served in clear text");
    return check("http.redirects-to-https", "error", `could not GET over plain HTTP: ${r.code}: ${r.message}`);
  }
  const location = headerValues(r, "location")[0];
  if (!REDIRECTS.has(r.status) || location === undefined) return check("http.redirects-to-https", "fail", `${r.url} answers HTTP ${r.status} in clear text without redirecting to HTTPS`);
  let to: URL;
  try {
    to = new URL(location, r.url);
  } catch {
    return check("http.redirects-to-https", "fail", `${r.url} redirects to an invalid location ${JSON.stringify(location)}`);
  }
  if (to.protocol !== "https:") return check("http.redirects-to-https", "fail", `${r.url} redirects (${r.status}) to ${to.href}, not to HTTPS`);
  if (to.hostname !== host) return check("http.redirects-to-https", "fail", `${r.url} redirects (${r.status}) to another host first (${to.href}); the preload list requires HTTPS on the same host first`);
  return check("http.redirects-to-https", "pass", `${r.url} redirects (${r.status}) to ${to.href}`);
}

function securityTxtCheck(s: WebObservation["securityTxt"], now: Date): ProbeCheck {
  const r = s.response;
  const via = s.redirects.length > 0 ? ` (via ${s.redirects.join(" → ")})` : "";
  if (!r.ok && isCertificateError(r.code)) return check("security-txt.valid", "fail", `/.well-known/security.txt${via}: served over a certificate that does not verify (${r.code}); RFC 9116 requires https`);
  if (!r.ok) return check("security-txt.valid", "error", `could not GET /.well-known/security.txt: ${r.code}: ${r.message}`);
  if (r.status === 404) return check("security-txt.valid", "fail", `${r.url}: missing (HTTP 404)`);
  if (r.status !== 200) return check("security-txt.valid", "fail", `${r.url}: HTTP ${r.status}${via}`);
  const problems = contentTypeProblems(r);
  const verdict = judgeSecurityTxt(r.body, now);
  problems.push(...verdict.problems);
  if (r.truncated) problems.push("the file is larger than 64 KiB");
  const notes = verdict.notes.length > 0 ? `; note: ${verdict.notes.join("; ")}` : "";
  return problems.length > 0
    ? check("security-txt.valid", "fail", `${r.url}${via}: ${problems.join("; ")}`)
    : check("security-txt.valid", "pass", `${r.url}${via}: Contact ${verdict.contacts.join(", ")}; Expires ${verdict.expires}${notes}`);
}

/** RFC 9116 §3: served as text/plain with charset utf-8. */
function contentTypeProblems(r: HttpResponse): string[] {
  const type = headerValues(r, "content-type")[0];
  if (type === undefined) return ["no Content-Type (expected text/plain; charset=utf-8)"];
  const [media, ...params] = type.split(";").map((s) => s.trim().toLowerCase());
  if (media !== "text/plain") return [`Content-Type ${type} (expected text/plain; charset=utf-8)`];
  const charset = params.find((p) => p.startsWith("charset="))?.slice(8).replace(/"/g, "");
  return charset === "utf-8" ? [] : [`Content-Type ${type}: charset must be utf-8`];
}

/** The web probe's verdict on what was collected. Pure: data and a clock's time in, checks out. */
export function judgeWeb(o: WebObservation, now: Date): ProbeReport {
  const cert = certChecks(o.cert, o.host, now);
  return {
    target: o.target,
    checks: [...tlsChecks(o.handshakes), ...cert, ...hstsChecks(o.https, cert[0]!.status === "pass"), redirectCheck(o.http, o.host), securityTxtCheck(o.securityTxt, now)],
  };
}
