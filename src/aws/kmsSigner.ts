import { DescribeKeyCommand, GetPublicKeyCommand, KMSClient, SignCommand } from "@aws-sdk/client-kms";
import { environmentError, type OpsError } from "../core/errors";
import type { AwsClientConfig } from "./config";
import { awsError } from "./errors";

import { SIGNING_ALGORITHM, SIGNING_KEY_SPEC, type ManifestSigner, type SigningKey } from "./signingSpec";

export { SIGNING_ALGORITHM, SIGNING_KEY_SPEC, type ManifestSigner, type SigningKey };

/** Errors Sign and GetPublicKey document for a key that cannot sign: named, with what to do (exit 3). */
const KEY_ERRORS: Readonly<Record<string, string>> = {
  DisabledException: "the key is disabled: enable it (aws kms enable-key) or sign with another key",
  KMSInvalidStateException: "the key is not in a usable state (pending deletion or import?): check it with aws kms describe-key",
  InvalidKeyUsageException: "the key is not an asymmetric SIGN_VERIFY key for ECDSA_SHA_256: create one with --key-spec ECC_NIST_P256 --key-usage SIGN_VERIFY",
  NotFoundException: "no such key or alias in this account and region",
  UnsupportedOperationException: "the key does not support this operation (not an asymmetric key?)",
};

function keyError(operation: string, err: unknown): OpsError {
  const name = (err as { name?: string } | undefined)?.name ?? "";
  const hint = KEY_ERRORS[name];
  if (hint === undefined) return awsError("KMS", operation, err);
  return environmentError("E_SIGN_KEY", `KMS ${operation} failed: ${name}: ${err instanceof Error ? err.message : String(err)}`, { hint, cause: err });
}

const refuse = (keyRef: string, message: string, hint: string): OpsError => environmentError("E_SIGN_KEY", `cannot sign with KMS key ${keyRef}: ${message}`, { hint });

export class KmsSignerAdapter implements ManifestSigner {
  private readonly client: KMSClient;

  constructor(config: AwsClientConfig | KMSClient) {
    this.client = config instanceof KMSClient ? config : new KMSClient(config);
  }

  async signingKey(keyRef: string): Promise<SigningKey> {
    let meta;
    try {
      meta = (await this.client.send(new DescribeKeyCommand({ KeyId: keyRef }))).KeyMetadata;
    } catch (err) {
      throw keyError("DescribeKey", err);
    }
    if (meta?.KeyId === undefined) throw refuse(keyRef, "DescribeKey returned no key", "check the key id, alias or ARN");
    const name = meta.Arn ?? meta.KeyId;
    // KMS refuses these at Sign time (DisabledException, KMSInvalidStateException, InvalidKeyUsageException); we check
    // before asking, so the error names the problem and no half-signed bundle is written.
    const state = meta.KeyState ?? (meta.Enabled === true ? "Enabled" : "Disabled");
    if (state !== "Enabled") throw refuse(name, `its state is ${state}; Sign needs an enabled key (KMS answers ${state === "Disabled" ? "DisabledException" : "KMSInvalidStateException"})`, KEY_ERRORS[state === "Disabled" ? "DisabledException" : "KMSInvalidStateException"]!);
    if (meta.KeyUsage !== "SIGN_VERIFY") throw refuse(name, `its KeyUsage is ${meta.KeyUsage ?? "unknown"}, not SIGN_VERIFY (KMS answers InvalidKeyUsageException)`, KEY_ERRORS.InvalidKeyUsageException!);
    const spec = meta.KeySpec ?? meta.CustomerMasterKeySpec;
    if (spec !== SIGNING_KEY_SPEC || !(meta.SigningAlgorithms ?? []).includes(SIGNING_ALGORITHM)) {
      throw refuse(name, `its key spec is ${spec ?? "unknown"}; manifests are signed with ${SIGNING_KEY_SPEC} and ${SIGNING_ALGORITHM}`, KEY_ERRORS.InvalidKeyUsageException!);
    }
    let pub;
    try {
      pub = await this.client.send(new GetPublicKeyCommand({ KeyId: meta.KeyId }));
    } catch (err) {
      throw keyError("GetPublicKey", err);
    }
    if (pub.PublicKey === undefined) throw refuse(name, "GetPublicKey returned no public key", "check the key in the KMS console");
    return { keyId: name, publicKeyDer: pub.PublicKey };
  }

  async sign(keyId: string, message: Uint8Array): Promise<Uint8Array> {
    if (message.byteLength > 4096) throw new Error(`a RAW Sign message is at most 4096 bytes, got ${message.byteLength}`);
    try {
      const out = await this.client.send(new SignCommand({ KeyId: keyId, Message: message, MessageType: "RAW", SigningAlgorithm: SIGNING_ALGORITHM }));
      if (out.Signature === undefined) throw new Error("Sign returned no signature");
      return out.Signature;
    } catch (err) {
      throw keyError("Sign", err);
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
