import { isIP } from "node:net";
import { checkServerIdentity, connect, rootCertificates, type ConnectionOptions, type TLSSocket } from "node:tls";
import type { NetFailure } from "../types";
import type { CertResult, HandshakeOutcome, TlsVersion } from "../observations";

export interface Endpoint {
  /** The name the certificate must carry and SNI sends (unless it is an IP address). */
  readonly host: string;
  readonly port: number;
  /** Where to connect, when not `host` (an address resolved elsewhere). */
  readonly connectHost?: string;
  /** Extra trusted roots (PEM), added to the system roots. */
  readonly ca?: readonly string[];
  readonly timeoutMs: number;
}

/** OpenSSL codes meaning the server answered but refused what we offered. */
const REFUSED = new Set([
  "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION",
  "ERR_SSL_UNSUPPORTED_PROTOCOL",
  "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE",
  "ERR_SSL_TLSV1_ALERT_INSUFFICIENT_SECURITY",
  "ERR_SSL_VERSION_TOO_LOW",
  "ERR_SSL_NO_SHARED_CIPHER",
  "ECONNRESET",
]);
/** Codes meaning this client could not even offer the version (OpenSSL's build or security level). */
const CLIENT_UNABLE = new Set(["ERR_SSL_NO_PROTOCOLS_AVAILABLE", "ERR_SSL_NO_CIPHERS_AVAILABLE", "ERR_SSL_NO_SUITABLE_SIGNATURE_ALGORITHM", "ERR_SSL_UNSUPPORTED_SSL_VERSION"]);
/** The server chose the version and sent its key exchange; only our client's policy stopped the handshake after. */
const ACCEPTED_THEN_CLIENT_REFUSED = new Set(["ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED"]);
const UNREACHABLE = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EADDRNOTAVAIL", "CONNECT_TIMEOUT"]);

/** Classifies a failed handshake by its error code (pure; exported for tests). */
export function classifyHandshakeError(code: string, connected: boolean): HandshakeOutcome["result"] {
  if (!connected || UNREACHABLE.has(code)) return "unreachable";
  if (CLIENT_UNABLE.has(code)) return "client-unable";
  if (ACCEPTED_THEN_CLIENT_REFUSED.has(code)) return "accepted";
  if (REFUSED.has(code)) return "refused";
  return "error";
}

function baseOptions(ep: Endpoint): ConnectionOptions {
  return {
    host: ep.connectHost ?? ep.host,
    port: ep.port,
    ...(isIP(ep.host) === 0 ? { servername: ep.host } : {}),
    ...(ep.ca && ep.ca.length > 0 ? { ca: [...rootCertificates, ...ep.ca] } : {}),
    rejectUnauthorized: false,
  };
}

/** Opens a TLS connection and hands the socket to `onSecure`; any failure becomes a NetFailure with `connected`. */
function withTls<T>(ep: Endpoint, extra: ConnectionOptions, onSecure: (s: TLSSocket) => T): Promise<{ ok: true; value: T } | (NetFailure & { connected: boolean })> {
  return new Promise((resolve) => {
    let connected = false;
    let settled = false;
    const socket = connect({ ...baseOptions(ep), ...extra });
    const finish = (r: { ok: true; value: T } | (NetFailure & { connected: boolean })) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(
      () => finish({ ok: false, code: connected ? "HANDSHAKE_TIMEOUT" : "CONNECT_TIMEOUT", message: `no answer within ${ep.timeoutMs} ms`, connected }),
      ep.timeoutMs,
    );
    socket.once("connect", () => (connected = true));
    socket.once("secureConnect", () => {
      try {
        finish({ ok: true, value: onSecure(socket) });
      } catch (err) {
        finish({ ok: false, code: "E_TLS_READ", message: (err as Error).message, connected: true });
      }
    });
    socket.on("error", (err: NodeJS.ErrnoException) => finish({ ok: false, code: err.code ?? "ERROR", message: firstLine(err.message), connected }));
  });
}

const firstLine = (m: string) => m.split("\n")[0]!.replace(/^[0-9A-F]{8,}:error:[0-9A-F]+:SSL routines:[^:]*:/, "");

/**
 * One handshake offering exactly `version` (minVersion = maxVersion). TLS 1.0 and 1.1 need OpenSSL's security level 0
 * to be offered at all by a modern client; the probe sets it for them (only to learn what the server accepts).
 */
export async function handshake(ep: Endpoint, version: TlsVersion): Promise<HandshakeOutcome> {
  const legacy = version === "TLSv1" || version === "TLSv1.1";
  // No trust store needed to learn the version (nothing is verified here): skip parsing the system roots per handshake.
  const r = await withTls({ ...ep, ca: undefined }, { minVersion: version, maxVersion: version, ...(legacy ? { ciphers: "DEFAULT@SECLEVEL=0" } : {}) }, (s) => s.getProtocol());
  if (r.ok) return { version, result: "accepted", detail: `handshake completed (${r.value ?? version})` };
  const result = classifyHandshakeError(r.code, r.connected);
  const detail =
    result === "accepted"
      ? `the server chose ${version} (${r.code}: the client refused its legacy signature afterwards)`
      : result === "client-unable"
        ? `this client could not offer ${version} (${r.code}): the server's answer is unknown`
        : `${r.code}: ${r.message}`;
  return { version, result, detail };
}

/** The certificate the server presents with default settings: chain verification, host name, validity dates. */
export async function readCertificate(ep: Endpoint): Promise<CertResult> {
  const r = await withTls(ep, {}, (s) => {
    const cert = s.getPeerCertificate();
    if (cert === null || Object.keys(cert).length === 0) throw new Error("the server presented no certificate");
    const nameError = checkServerIdentity(ep.host, cert);
    const name = (x: Record<string, string | string[] | undefined> | undefined) => (x?.CN === undefined ? JSON.stringify(x ?? {}) : `CN=${String(x.CN)}`);
    return {
      ok: true as const,
      authorized: s.authorized,
      ...(s.authorizationError ? { authorizationError: String(s.authorizationError) } : {}),
      ...(nameError ? { nameError: nameError.message } : {}),
      subject: name(cert.subject as unknown as Record<string, string>),
      issuer: name(cert.issuer as unknown as Record<string, string>),
      validFrom: new Date(cert.valid_from).toISOString(),
      validTo: new Date(cert.valid_to).toISOString(),
    };
  });
  return r.ok ? r.value : { ok: false, code: r.code, message: r.message };
}
