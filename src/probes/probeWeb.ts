import type { Clock } from "../core/clock";
import { judgeWeb } from "./judgeWeb";
import { getOnce } from "./net/http";
import { handshake, readCertificate, type Endpoint } from "./net/tls";
import { TLS_VERSIONS, headerValues, type HttpResult, type WebObservation } from "./observations";
import type { ProbeReport } from "./types";

export interface WebProbeOptions {
  readonly ca?: readonly string[];
  readonly timeoutMs: number;
  /** Port of the plain-HTTP redirect check (default 80). */
  readonly httpPort?: number;
}

/** Follows https redirects (at most 3) for security.txt, reporting where it went. */
async function getFollowing(url: URL, opts: WebProbeOptions): Promise<{ response: HttpResult; redirects: string[] }> {
  const redirects: string[] = [];
  let at = url;
  for (let hop = 0; ; hop++) {
    const response = await getOnce(at, { timeoutMs: opts.timeoutMs, ca: opts.ca, verify: true });
    const location = response.ok && [301, 302, 303, 307, 308].includes(response.status) ? headerValues(response, "location")[0] : undefined;
    if (location === undefined || hop === 3) return { response, redirects };
    const next = new URL(location, at);
    if (next.protocol !== "https:") return { response: { ok: false, code: "E_REDIRECT", message: `redirects to ${next.href}: security.txt must be served over https` }, redirects };
    redirects.push(next.href);
    at = next;
  }
}

/** Collects everything the web probe judges. Read-only: GETs and handshakes, nothing else. */
export async function observeWeb(target: URL, opts: WebProbeOptions): Promise<WebObservation> {
  const host = target.hostname.replace(/^\[|\]$/g, "");
  const ep: Endpoint = { host, port: target.port === "" ? 443 : Number(target.port), ca: opts.ca, timeoutMs: opts.timeoutMs };
  const plain = new URL(target.href);
  plain.protocol = "http:";
  plain.port = String(opts.httpPort ?? 80);
  const [handshakes, cert, https, http, securityTxt] = await Promise.all([
    Promise.all(TLS_VERSIONS.map((v) => handshake(ep, v))),
    readCertificate(ep),
    getOnce(target, { timeoutMs: opts.timeoutMs, ca: opts.ca, verify: false }),
    getOnce(plain, { timeoutMs: opts.timeoutMs, verify: false }),
    getFollowing(new URL("/.well-known/security.txt", target), opts),
  ]);
  return { target: target.href, host, handshakes, cert, https, http, securityTxt };
}

/** Whether nothing could connect at all (every handshake unreachable): the target is down or the name wrong. */
export function unreachable(o: WebObservation): boolean {
  return o.handshakes.every((h) => h.result === "unreachable");
}

export async function probeWeb(target: URL, opts: WebProbeOptions, clock: Clock): Promise<{ report: ProbeReport; unreachable: boolean }> {
  const o = await observeWeb(target, opts);
  return { report: judgeWeb(o, clock.now()), unreachable: unreachable(o) };
}
