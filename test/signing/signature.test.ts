import { CreateAliasCommand, DisableKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { createHash, createPublicKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KmsSignerAdapter } from "../../src/aws/kmsSigner";
import { fixedClock } from "../../src/core/clock";
import { OpsError } from "../../src/core/errors";
import { checkSignature, parsePublicKey, serializeSignature, signManifest } from "../../src/signing/signature";
import { startMoto, type Moto } from "../support/moto";
import { signingKey } from "./support";

const clock = fixedClock("2026-12-01T09:00:00Z");
const manifest = { name: "manifest.json", bytes: Buffer.from('{"kind":"emailmate-ops/soc2-evidence","files":[]}\n') };
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as OpsError);

describe("src/signing/signature (moto KMS)", () => {
  let moto: Moto;
  let client: KMSClient;
  let signer: KmsSignerAdapter;

  beforeAll(async () => {
    moto = await startMoto();
    client = new KMSClient(moto.clientConfig);
    signer = new KmsSignerAdapter(client);
  });
  afterAll(async () => {
    client.destroy();
    await moto.stop();
  });

  it("signs a manifest with an ECC_NIST_P256 key by alias; the signature verifies offline with its public key", async () => {
    const id = await signingKey(client);
    await client.send(new CreateAliasCommand({ AliasName: "alias/emailmate/evidence-signing", TargetKeyId: id }));
    const sig = await signManifest(signer, "alias/emailmate/evidence-signing", manifest, clock);
    expect([sig.keyId, sig.signedAt, sig.keySpec, sig.signingAlgorithm, sig.messageType, sig.publicKey.startsWith("-----BEGIN PUBLIC KEY-----")]).toEqual([
      `arn:aws:kms:eu-west-1:123456789012:key/${id}`,
      "2026-12-01T09:00:00.000Z",
      "ECC_NIST_P256",
      "ECDSA_SHA_256",
      "RAW",
      true,
    ]);
    const pinned = parsePublicKey(Buffer.from(sig.publicKey), "key.pem");
    expect(checkSignature(manifest, serializeSignature(sig), pinned)).toEqual({ ok: true, keyId: sig.keyId, signedAt: sig.signedAt, publicKeySha256: sig.publicKeySha256, trusted: true });
  });

  it("takes the pinned public key as DER as well as PEM", async () => {
    const sig = await signManifest(signer, await signingKey(client), manifest, clock);
    const der = createPublicKey(sig.publicKey).export({ type: "spki", format: "der" });
    expect(checkSignature(manifest, serializeSignature(sig), parsePublicKey(der, "key.der")).ok).toBe(true);
  });

  it("fails an edited manifest, naming it", async () => {
    const sig = await signManifest(signer, await signingKey(client), manifest, clock);
    const edited = { ...manifest, bytes: Buffer.from(manifest.bytes.toString().replace("[]", '[{"path":"x"}]')) };
    const check = checkSignature(edited, serializeSignature(sig));
    expect([check.ok, check.problem?.file, check.problem?.message.replace(/[0-9a-f]{64}/g, "H")]).toEqual([
      false,
      "manifest.json",
      "not the manifest that was signed: it hashes to H, the signature covers H (edited or swapped)",
    ]);
  });

  it("fails a signature file whose covered hash was rewritten (the statement no longer verifies)", async () => {
    const sig = await signManifest(signer, await signingKey(client), manifest, clock);
    const other = Buffer.from("{}\n");
    const forged = serializeSignature({ ...sig, manifestSha256: createHash("sha256").update(other).digest("hex") });
    const check = checkSignature({ name: "manifest.json", bytes: other }, forged);
    expect([check.ok, check.problem?.file, check.problem?.message.replace(/[0-9a-f]{64}/g, "H")]).toEqual([
      false,
      "manifest.sig.json",
      "the signature does not verify against its public key (sha256 H): the signature file was edited or forged",
    ]);
  });

  it("fails against a wrong key, naming the key that signed", async () => {
    const sig = await signManifest(signer, await signingKey(client), manifest, clock);
    const otherKey = (await signManifest(signer, await signingKey(client), manifest, clock)).publicKey;
    const check = checkSignature(manifest, serializeSignature(sig), parsePublicKey(Buffer.from(otherKey), "other.pem"));
    expect([check.ok, check.problem?.message.replace(/[0-9a-f]{64}/g, "H")]).toEqual([
      false,
      `the signature does not verify against the given public key (sha256 H); it names key ${sig.keyId} (public key sha256 H): signed with another key`,
    ]);
  });

  it("refuses a disabled key before signing (KMS answers DisabledException; moto does not enforce it)", async () => {
    const id = await signingKey(client);
    await client.send(new DisableKeyCommand({ KeyId: id }));
    const err = await failure(signManifest(signer, id, manifest, clock));
    expect([err?.code, err?.exitCode, err?.message]).toEqual([
      "E_SIGN_KEY",
      3,
      `cannot sign with KMS key arn:aws:kms:eu-west-1:123456789012:key/${id}: its state is Disabled; Sign needs an enabled key (KMS answers DisabledException)`,
    ]);
  });

  it("refuses a symmetric key and an RSA signing key (InvalidKeyUsageException, wrong key spec)", async () => {
    const symmetric = await signingKey(client, "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT");
    const rsa = await signingKey(client, "RSA_2048");
    const [a, b] = await Promise.all([failure(signManifest(signer, symmetric, manifest, clock)), failure(signManifest(signer, rsa, manifest, clock))]);
    expect([a?.code, a?.message.split(": ").slice(1).join(": ")]).toEqual(["E_SIGN_KEY", "its KeyUsage is ENCRYPT_DECRYPT, not SIGN_VERIFY (KMS answers InvalidKeyUsageException)"]);
    expect([b?.code, b?.message.split(": ").slice(1).join(": ")]).toEqual(["E_SIGN_KEY", "its key spec is RSA_2048; manifests are signed with ECC_NIST_P256 and ECDSA_SHA_256"]);
  });

  it("reports an unknown alias as E_SIGN_KEY naming DescribeKey", async () => {
    const err = await failure(signManifest(signer, "alias/nobody", manifest, clock));
    expect([err?.code, err?.exitCode, err?.message.startsWith("KMS DescribeKey failed: NotFoundException:"), err?.hint]).toEqual(["E_SIGN_KEY", 3, true, "no such key or alias in this account and region"]);
  });

  it("refuses a public-key file that is not a key (exit 2)", () => {
    const err = (() => {
      try {
        return parsePublicKey(Buffer.from("hello"), "nope.pem");
      } catch (e) {
        return e as OpsError;
      }
    })() as OpsError;
    expect([err.code, err.exitCode, err.message.startsWith("--public-key nope.pem: not a PEM or DER public key")]).toEqual(["E_PUBLIC_KEY", 2, true]);
  });
});
