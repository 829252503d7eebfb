import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3Adapter } from "../../src/aws/s3";

/**
 * What real S3 demands of a PutObject with Object Lock parameters and moto does not check: an integrity checksum
 * with the request (Content-MD5 or x-amz-checksum-*; without one S3 answers InvalidRequest), the COMPLIANCE mode
 * and retain-until date as headers, and If-None-Match for write-once. A stand-in server records the request.
 */
describe("src/aws/s3 (PutObject with Object Lock, as S3 requires it)", () => {
  let server: Server;
  let endpoint: string;
  let seen: { method?: string; url?: string; headers: IncomingHttpHeaders } = { headers: {} };
  let status = 200;

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen = { method: req.method, url: req.url, headers: req.headers };
      req.resume();
      req.on("end", () => {
        if (status === 412) {
          res.writeHead(412, { "content-type": "application/xml" });
          res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>');
          return;
        }
        res.writeHead(200, { etag: '"abc"' });
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const address = server.address();
    endpoint = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const adapter = () => new S3Adapter({ endpoint, region: "eu-west-1", credentials: { accessKeyId: "testing", secretAccessKey: "testing" }, maxAttempts: 1 });

  it("sends a SHA-256 checksum, COMPLIANCE retention and If-None-Match with a ledger record", async () => {
    status = 200;
    const until = new Date("2028-12-01T06:00:00Z");
    const created = await adapter().put("evidence", "soc2/records/00000001.json", "{}\n", { retainUntil: until, ifNoneMatch: true });
    expect([
      created,
      seen.method,
      seen.url,
      seen.headers["x-amz-object-lock-mode"],
      seen.headers["x-amz-object-lock-retain-until-date"],
      seen.headers["if-none-match"],
      seen.headers["x-amz-checksum-sha256"],
    ]).toEqual([true, "PUT", "/evidence/soc2/records/00000001.json?x-id=PutObject", "COMPLIANCE", "2028-12-01T06:00:00Z", "*", createHash("sha256").update("{}\n").digest("base64")]);
  });

  it("reports a key that already exists (412 PreconditionFailed) as not created", async () => {
    status = 412;
    expect(await adapter().put("evidence", "soc2/records/00000001.json", "{}\n", { ifNoneMatch: true })).toBe(false);
  });
});
