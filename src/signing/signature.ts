import { createHash, createPublicKey, verify, type KeyObject } from "node:crypto";
import type { Clock } from "../core/clock";
import { usageError } from "../core/errors";
import { SIGNING_ALGORITHM, SIGNING_KEY_SPEC, type ManifestSigner } from "../aws/signingSpec";
import { canonicalJson } from "../evidence/ledger/record";

export const SIGNATURE_NAME = "manifest.sig.json";
export const SIGNATURE_KIND = "emailmate-ops/manifest-signature";

/**
 * manifest.sig.json: a KMS ECDSA P-256 signature over a small statement that names the manifest and its SHA-256
 * (the canonical JSON of `kind`, `manifest`, `manifestSha256`, `keyId`, `signedAt`), signed with MessageType RAW.
 * It carries the public key, so anyone can check it offline; pin the key with `--public-key` to trust it.
 */
export interface SignatureFile {
  readonly kind: typeof SIGNATURE_KIND;
  readonly version: 1;
  readonly manifest: string;
  readonly manifestSha256: string;
  readonly keyId: string;
  readonly signedAt: string;
  readonly keySpec: typeof SIGNING_KEY_SPEC;
  readonly signingAlgorithm: typeof SIGNING_ALGORITHM;
  readonly messageType: "RAW";
  /** PEM (SPKI) of the public key, from GetPublicKey. */
  readonly publicKey: string;
  /** SHA-256 of the DER public key: what to compare with a key you trust. */
  readonly publicKeySha256: string;
  /** Base64 of the DER-encoded ECDSA signature. */
  readonly signature: string;
}

const sha256Hex = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

/** The exact bytes KMS signs. */
export function signedStatement(s: Pick<SignatureFile, "manifest" | "manifestSha256" | "keyId" | "signedAt">): Buffer {
  return Buffer.from(canonicalJson({ kind: SIGNATURE_KIND, manifest: s.manifest, manifestSha256: s.manifestSha256, keyId: s.keyId, signedAt: s.signedAt }), "utf8");
}

export function publicKeyFingerprint(key: KeyObject): string {
  return sha256Hex(key.export({ type: "spki", format: "der" }));
}

/** Signs a manifest's bytes with a KMS key; the signature is checked against the public key before it is returned. */
export async function signManifest(signer: ManifestSigner, keyRef: string, manifest: { name: string; bytes: string | Uint8Array }, clock: Clock): Promise<SignatureFile> {
  const key = await signer.signingKey(keyRef);
  const publicKey = createPublicKey({ key: Buffer.from(key.publicKeyDer), format: "der", type: "spki" });
  const fields = { manifest: manifest.name, manifestSha256: sha256Hex(manifest.bytes), keyId: key.keyId, signedAt: clock.now().toISOString() };
  const statement = signedStatement(fields);
  const signature = Buffer.from(await signer.sign(key.keyId, statement));
  if (!verify("sha256", statement, publicKey, signature)) throw new Error(`KMS returned a signature that does not verify against key ${key.keyId}'s public key`);
  return {
    kind: SIGNATURE_KIND,
    version: 1,
    ...fields,
    keySpec: SIGNING_KEY_SPEC,
    signingAlgorithm: SIGNING_ALGORITHM,
    messageType: "RAW",
    publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
    publicKeySha256: publicKeyFingerprint(publicKey),
    signature: signature.toString("base64"),
  };
}

export const serializeSignature = (s: SignatureFile): string => JSON.stringify(s, null, 2) + "\n";

/** A public key given by the user (PEM or DER SPKI file contents); exit 2 when it is not one. */
export function parsePublicKey(bytes: Buffer, shown: string): KeyObject {
  try {
    const text = bytes.toString("utf8");
    return text.includes("-----BEGIN") ? createPublicKey(text) : createPublicKey({ key: bytes, format: "der", type: "spki" });
  } catch (err) {
    throw usageError("E_PUBLIC_KEY", `--public-key ${shown}: not a PEM or DER public key (${(err as Error).message})`);
  }
}

export interface SignatureCheck {
  readonly ok: boolean;
  /** The file to blame and why, when not ok. */
  readonly problem?: { readonly file: string; readonly message: string };
  readonly keyId?: string;
  readonly publicKeySha256?: string;
  readonly signedAt?: string;
  /** True when the signature verified against a key the user gave (not only the one the file carries). */
  readonly trusted: boolean;
}

/**
 * Checks a signature file against the manifest's bytes, offline: the manifest must be the one signed (its SHA-256),
 * and the signature must verify against `trusted` when given, else against the public key the file carries.
 */
export function checkSignature(manifest: { name: string; bytes: Uint8Array }, signatureText: string, trusted?: KeyObject): SignatureCheck {
  const bad = (file: string, message: string, extra: Partial<SignatureCheck> = {}): SignatureCheck => ({ ok: false, problem: { file, message }, trusted: false, ...extra });
  let s: SignatureFile;
  try {
    s = JSON.parse(signatureText) as SignatureFile;
  } catch (err) {
    return bad(SIGNATURE_NAME, `not valid JSON: ${(err as Error).message}`);
  }
  const fields = ["manifest", "manifestSha256", "keyId", "signedAt", "publicKey", "signature"] as const;
  if (s === null || typeof s !== "object" || s.kind !== SIGNATURE_KIND || s.version !== 1 || fields.some((f) => typeof s[f] !== "string")) {
    return bad(SIGNATURE_NAME, `not a manifest signature (kind ${SIGNATURE_KIND}, version 1)`);
  }
  if (s.signingAlgorithm !== SIGNING_ALGORITHM || s.messageType !== "RAW") return bad(SIGNATURE_NAME, `signed with ${s.signingAlgorithm}/${s.messageType}; expected ${SIGNING_ALGORITHM}/RAW`);
  const who = { keyId: s.keyId, signedAt: s.signedAt };
  if (s.manifest !== manifest.name) return bad(SIGNATURE_NAME, `signs ${s.manifest}, not ${manifest.name}`, who);
  const actual = sha256Hex(manifest.bytes);
  if (actual !== s.manifestSha256) {
    return bad(manifest.name, `not the manifest that was signed: it hashes to ${actual}, the signature covers ${s.manifestSha256} (edited or swapped)`, who);
  }
  let carried: KeyObject;
  try {
    carried = createPublicKey(s.publicKey);
  } catch {
    return bad(SIGNATURE_NAME, "its publicKey is not a PEM public key", who);
  }
  const key = trusted ?? carried;
  const fingerprint = publicKeyFingerprint(key);
  const valid = (() => {
    try {
      return verify("sha256", signedStatement(s), key, Buffer.from(s.signature, "base64"));
    } catch {
      return false;
    }
  })();
  if (!valid) {
    const message =
      trusted !== undefined && fingerprint !== publicKeyFingerprint(carried)
        ? `the signature does not verify against the given public key (sha256 ${fingerprint}); it names key ${s.keyId} (public key sha256 ${publicKeyFingerprint(carried)}): signed with another key`
        : `the signature does not verify against ${trusted !== undefined ? "the given" : "its"} public key (sha256 ${fingerprint}): the signature file was edited or forged`;
    return bad(SIGNATURE_NAME, message, who);
  }
  return { ok: true, ...who, publicKeySha256: fingerprint, trusted: trusted !== undefined };
}
