import { createServer, type Server } from "node:http";
import { freePort } from "./moto";

/** An STS endpoint that answers every call with one error, in the query protocol's XML, as STS does. */
export async function failingSts(status: number, code: string, message: string): Promise<{ endpoint: string; server: Server }> {
  const port = await freePort();
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const body = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>test</RequestId></ErrorResponse>`;
      res.writeHead(status, { "content-type": "text/xml", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { endpoint: `http://127.0.0.1:${port}`, server };
}
