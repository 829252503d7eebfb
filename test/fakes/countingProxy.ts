import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An HTTP proxy in front of an AWS endpoint (moto) that counts the JSON-protocol operations passing through it by their
 * `X-Amz-Target` header (`TrentService.DisableKey` → `DisableKey`). Used to prove each action reached AWS exactly once.
 */
export interface CountingProxy {
  readonly endpoint: string;
  count(operation: string): number;
  readonly operations: readonly string[];
  stop(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const operations: string[] = [];
  const server: Server = createServer((req, res) => {
    const header = req.headers["x-amz-target"];
    const op = typeof header === "string" ? header.slice(header.indexOf(".") + 1) : `${req.method} ${req.url}`;
    operations.push(op);
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    out.on("error", (err) => {
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: String(err) }));
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    operations,
    count: (operation) => operations.filter((o) => o === operation).length,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
