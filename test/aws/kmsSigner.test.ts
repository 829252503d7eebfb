import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KmsSignerAdapter } from "../../src/aws/kmsSigner";
import { fixedClock } from "../../src/core/clock";
import { OpsError } from "../../src/core/errors";
import { signManifest } from "../../src/signing/signature";

const clock = fixedClock("2026-12-01T09:00:00Z");
const manifest = { name: "manifest.json", bytes: Buffer.from('{"kind":"emailmate-ops/soc2-evidence","files":[]}\n') };
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as OpsError);

/**
 * A strict KMS stand-in for what moto does not enforce: DescribeKey says the key is enabled, then Sign (or GetPublicKey)
 * answers a documented error, as KMS does when a key is disabled or scheduled for deletion between the two calls.
 */
describe("src/aws/kmsSigner (strict KMS errors)", () => {
  let server: Server;
  let endpoint: string;
  const answers: Record<string, { status: number; body: unknown }> = {};
  const { publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        const op = String(req.headers["x-amz-target"]).split(".")[1]!;
        const a = answers[op] ?? { status: 400, body: { __type: "UnsupportedOperationException", message: op } };
        res.writeHead(a.status, { "content-type": "application/x-amz-json-1.1" });
        res.end(JSON.stringify(a.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const address = server.address();
    endpoint = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    answers.DescribeKey = {
      status: 200,
      body: { KeyMetadata: { KeyId: "k-1", Arn: "arn:aws:kms:eu-west-1:123456789012:key/k-1", KeyState: "Enabled", Enabled: true, KeyUsage: "SIGN_VERIFY", KeySpec: "ECC_NIST_P256", SigningAlgorithms: ["ECDSA_SHA_256"] } },
    };
    answers.GetPublicKey = { status: 200, body: { KeyId: "arn:aws:kms:eu-west-1:123456789012:key/k-1", PublicKey: publicKey.export({ type: "spki", format: "der" }).toString("base64") } };
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const adapter = () => new KmsSignerAdapter({ endpoint, region: "eu-west-1", credentials: { accessKeyId: "testing", secretAccessKey: "testing" }, maxAttempts: 1 });

  it.each([
    ["DisabledException", "the key is disabled: enable it (aws kms enable-key) or sign with another key"],
    ["KMSInvalidStateException", "the key is not in a usable state (pending deletion or import?): check it with aws kms describe-key"],
    ["InvalidKeyUsageException", "the key is not an asymmetric SIGN_VERIFY key for ECDSA_SHA_256: create one with --key-spec ECC_NIST_P256 --key-usage SIGN_VERIFY"],
  ])("turns Sign's %s into E_SIGN_KEY (exit 3) with what to do", async (type, hint) => {
    answers.Sign = { status: 400, body: { __type: type, message: "refused" } };
    const err = await failure(signManifest(adapter(), "alias/x", manifest, clock));
    expect([err?.code, err?.exitCode, err?.message, err?.hint]).toEqual(["E_SIGN_KEY", 3, `KMS Sign failed: ${type}: refused`, hint]);
  });

  it("refuses a signature that does not verify against the key's public key (never writes a bad signature)", async () => {
    answers.Sign = { status: 200, body: { KeyId: "k-1", Signature: Buffer.from("3006020101020101", "hex").toString("base64"), SigningAlgorithm: "ECDSA_SHA_256" } };
    const err = await signManifest(adapter(), "alias/x", manifest, clock).catch((e: unknown) => e as Error);
    expect((err as Error).message).toBe("KMS returned a signature that does not verify against key arn:aws:kms:eu-west-1:123456789012:key/k-1's public key");
  });

  it("refuses a RAW message over Sign's 4096-byte limit before calling KMS", async () => {
    const err = await adapter().sign("k-1", new Uint8Array(4097)).catch((e: unknown) => e as Error);
    expect((err as Error).message).toBe("a RAW Sign message is at most 4096 bytes, got 4097");
  });

  it("turns GetPublicKey's DisabledException into E_SIGN_KEY", async () => {
    const saved = answers.GetPublicKey!;
    answers.GetPublicKey = { status: 400, body: { __type: "DisabledException", message: "key is disabled" } };
    const err = await failure(signManifest(adapter(), "alias/x", manifest, clock));
    answers.GetPublicKey = saved;
    expect([err?.code, err?.message]).toEqual(["E_SIGN_KEY", "KMS GetPublicKey failed: DisabledException: key is disabled"]);
  });
});
