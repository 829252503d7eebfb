import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { KeyObject } from "node:crypto";
import { checkSignature, SIGNATURE_NAME, type SignatureCheck } from "./signature";

/**
 * The signature check of a folder's manifest (evidence bundle or audit export): `unsigned` when there is no
 * manifest.sig.json and no key was given; a problem when a key was given but the folder is not signed.
 */
export function checkFolderSignature(dir: string, manifestName: string, trusted?: KeyObject): SignatureCheck | "unsigned" {
  const path = join(dir, SIGNATURE_NAME);
  if (!existsSync(path)) {
    if (trusted === undefined) return "unsigned";
    return { ok: false, trusted: false, problem: { file: SIGNATURE_NAME, message: "missing: the folder is not signed, so it cannot be checked against the given public key" } };
  }
  return checkSignature({ name: manifestName, bytes: readFileSync(join(dir, manifestName)) }, readFileSync(path, "utf8"), trusted);
}

/** One line for text output: who signed, and whether the key was pinned. */
export function describeSignature(s: SignatureCheck | "unsigned"): string {
  if (s === "unsigned") return "not signed (sign with --sign-key; pin with --public-key when verifying)";
  if (!s.ok) return "signature FAILED";
  return `signed by ${s.keyId} at ${s.signedAt} (public key sha256 ${s.publicKeySha256}${s.trusted ? ", the key given" : "; pin it with --public-key to trust it"})`;
}
