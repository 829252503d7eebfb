/** The only key kind manifests are signed with: NIST P-256, ECDSA with SHA-256 (no SDK import: offline code uses it). */
export const SIGNING_KEY_SPEC = "ECC_NIST_P256";
export const SIGNING_ALGORITHM = "ECDSA_SHA_256";

export interface SigningKey {
  /** The key's ARN (what the signature file names). */
  readonly keyId: string;
  /** The public key, DER-encoded SubjectPublicKeyInfo (GetPublicKey). */
  readonly publicKeyDer: Uint8Array;
}

/** What signing needs of KMS: a usable asymmetric signing key and its public key, and a signature over a message. */
export interface ManifestSigner {
  /** Resolves a key id, alias or ARN and checks it can sign (enabled, SIGN_VERIFY, ECC_NIST_P256, ECDSA_SHA_256). */
  signingKey(keyRef: string): Promise<SigningKey>;
  /** Sign with MessageType RAW (KMS hashes with SHA-256): at most 4096 bytes. Returns the DER-encoded ECDSA signature. */
  sign(keyId: string, message: Uint8Array): Promise<Uint8Array>;
}
