import type { NetFailure } from "./types";

export const TLS_VERSIONS = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/**
 * One handshake offering exactly one version. `client-unable`: this client could not even offer the version (so the
 * server's answer is unknown); `unreachable`: no TCP connection; `error`: connected but no TLS answer we can read.
 */
export interface HandshakeOutcome {
  readonly version: TlsVersion;
  readonly result: "accepted" | "refused" | "client-unable" | "unreachable" | "error";
  readonly detail: string;
}

export interface CertObservation {
  readonly ok: true;
  /** The chain verifies against the system roots (plus --ca). */
  readonly authorized: boolean;
  readonly authorizationError?: string;
  /** Set when the certificate does not name the host. */
  readonly nameError?: string;
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
}

export interface HttpResponse {
  readonly ok: true;
  readonly url: string;
  readonly status: number;
  /** Raw header pairs in the order received (duplicates kept). */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
  readonly truncated: boolean;
}

export type HttpResult = HttpResponse | NetFailure;
export type CertResult = CertObservation | NetFailure;

/** Everything the web probe collected; the judge turns it into checks. */
export interface WebObservation {
  readonly target: string;
  readonly host: string;
  readonly handshakes: readonly HandshakeOutcome[];
  readonly cert: CertResult;
  /** GET of the target over HTTPS (no redirect followed). */
  readonly https: HttpResult;
  /** GET of the same host and path over plain HTTP (no redirect followed). */
  readonly http: HttpResult;
  /** GET /.well-known/security.txt over HTTPS (https redirects followed, at most 3), with the redirects taken. */
  readonly securityTxt: { readonly response: HttpResult; readonly redirects: readonly string[] };
}

export function headerValues(r: HttpResponse, name: string): string[] {
  const lower = name.toLowerCase();
  return r.headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

/** Whether a failed HTTPS request failed on certificate verification (an answer about the server, not a network fault). */
export function isCertificateError(code: string): boolean {
  return /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)/.test(code);
}
