import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { rootCertificates } from "node:tls";
import type { HttpResult } from "../observations";

export interface GetOptions {
  readonly timeoutMs: number;
  /** Extra trusted roots (PEM), added to the system roots. */
  readonly ca?: readonly string[];
  /** Verify the certificate (chain and name): the request fails on a bad one. */
  readonly verify: boolean;
  /** Connect here instead of the URL's host (an address resolved elsewhere); Host, SNI and the name check stay the URL's. */
  readonly connectHost?: string;
  /** Bytes of body kept at most; the rest is not read. */
  readonly maxBody?: number;
}

/** One GET, no redirect followed, body capped; a failure is data (`ok: false`), never thrown. */
export function getOnce(url: URL, opts: GetOptions): Promise<HttpResult> {
  const maxBody = opts.maxBody ?? 64 * 1024;
  const secure = url.protocol === "https:";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: HttpResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const options = {
      method: "GET",
      host: opts.connectHost ?? host,
      port: url.port === "" ? (secure ? 443 : 80) : Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers: { host: url.host, "user-agent": "emailmate-ops-probe", accept: "*/*" },
      agent: false as const,
      ...(secure
        ? {
            ...(isIP(host) === 0 ? { servername: host } : {}),
            rejectUnauthorized: opts.verify,
            ...(opts.ca && opts.ca.length > 0 ? { ca: [...rootCertificates, ...opts.ca] } : {}),
          }
        : {}),
    };
    const onResponse = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (truncated: boolean) => {
        const headers: [string, string][] = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        finish({ ok: true, url: url.href, status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString("utf8"), truncated });
      };
      res.on("data", (c: Buffer) => {
        chunks.push(c);
        size += c.length;
        if (size >= maxBody) done(true);
      });
      res.on("end", () => done(false));
      res.on("error", (err: NodeJS.ErrnoException) => finish({ ok: false, code: err.code ?? "ERROR", message: err.message }));
    };
    const req = secure ? httpsRequest(options, onResponse) : httpRequest(options, onResponse);
    const timer = setTimeout(() => finish({ ok: false, code: "TIMEOUT", message: `no answer within ${opts.timeoutMs} ms` }), opts.timeoutMs);
    req.on("error", (err: NodeJS.ErrnoException) => finish({ ok: false, code: err.code ?? "ERROR", message: err.message.split("\n")[0]! }));
    req.end();
  });
}
