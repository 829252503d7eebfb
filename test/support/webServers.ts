import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { SecureVersion } from "node:tls";
import type { KeyPair } from "./certs";

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface Running {
  readonly port: number;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<Running> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An HTTPS server on 127.0.0.1 (a free port) offering only the TLS versions given. */
export function startHttps(pair: KeyPair, tls: { minVersion?: SecureVersion; maxVersion?: SecureVersion; ciphers?: string }, handler: Handler): Promise<Running> {
  return listen(createHttpsServer({ key: pair.key, cert: pair.cert, ...tls }, handler) as unknown as Server);
}

/** A plain HTTP server on 127.0.0.1 (a free port). */
export function startHttp(handler: Handler): Promise<Running> {
  return listen(createHttpServer(handler));
}

/** A handler serving fixed responses by path (404 elsewhere). */
export function routes(table: Record<string, { status?: number; headers?: [string, string][]; body?: string }>): Handler {
  return (req, res) => {
    const route = table[new URL(req.url ?? "/", "http://x").pathname];
    if (route === undefined) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(route.status ?? 200, (route.headers ?? []).flat());
    res.end(route.body ?? "");
  };
}
