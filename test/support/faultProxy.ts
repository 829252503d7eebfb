import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { seededRandom } from "./random";

export interface FaultProxyOptions {
  /** Where requests that are not faulted go (moto's endpoint). */
  readonly target: string;
  /** Share of eligible requests that fail, 0–1 (default 0.2): a third each throttled, 500, connection reset. */
  readonly faultRate?: number;
  /** Seed of the fault sequence (the same seed and request order give the same faults). */
  readonly seed?: number;
  /** Which AWS operations (X-Amz-Target, e.g. "Logs_20140328.FilterLogEvents") may fail; default: all. */
  readonly eligible?: (target: string) => boolean;
}

export interface FaultProxy {
  readonly endpoint: string;
  readonly stats: { forwarded: number; throttled: number; serverErrors: number; resets: number };
  stop(): Promise<void>;
}


/**
 * An HTTP proxy between the AWS SDK and moto that fails a share of requests the way AWS does under load: a
 * ThrottlingException (400), an internal error (500) or a dropped connection (the socket is destroyed before any
 * response). Faulted requests never reach moto, so they have no effect there. Point the SDK's endpoint at `endpoint`.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const rate = options.faultRate ?? 0.2;
  const random = seededRandom(options.seed ?? 1);
  const target = new URL(options.target);
  const stats = { forwarded: 0, throttled: 0, serverErrors: 0, resets: 0 };

  const json = (res: ServerResponse, status: number, type: string, message: string) => {
    const body = JSON.stringify({ __type: type, message });
    res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": type, "x-amzn-requestid": "fault-proxy", "content-length": Buffer.byteLength(body) });
    res.end(body);
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const operation = String(req.headers["x-amz-target"] ?? "");
      if (options.eligible === undefined || options.eligible(operation)) {
        const r = random();
        if (r < rate / 3) {
          stats.throttled++;
          return json(res, 400, "ThrottlingException", "Rate exceeded");
        }
        if (r < (2 * rate) / 3) {
          stats.serverErrors++;
          return json(res, 500, "ServiceUnavailableException", "The service is unavailable (injected)");
        }
        if (r < rate) {
          stats.resets++;
          req.socket.destroy();
          return;
        }
      }
      stats.forwarded++;
      const upstream = httpRequest(
        { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
