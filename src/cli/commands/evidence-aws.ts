import type { KeyObject } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { environmentError, OpsError, usageError } from "../../core/errors";
import { SIGNATURE_NAME, serializeSignature, type SignatureFile } from "../../signing/signature";
import type { LedgerStore } from "../../evidence/ledger/store";
import type { CliContext } from "../context";

function needRegion(region: string | undefined, what: string): void {
  if (region === undefined) throw environmentError("E_AWS_REGION", `no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION) to ${what}`);
}

/** Signs a manifest with a KMS key (`--sign-key`): KMS from the environment (AWS_ENDPOINT_URL_KMS, AWS_REGION, credentials). */
export async function signWithKms(keyRef: string, manifest: { name: string; bytes: string }, ctx: CliContext): Promise<SignatureFile> {
  const [{ serviceClientConfig }, { KmsSignerAdapter }, { signManifest }] = await Promise.all([import("../../aws/config"), import("../../aws/kmsSigner"), import("../../signing/signature")]);
  const config = serviceClientConfig(ctx.env, "KMS");
  needRegion(config.region, "sign with --sign-key");
  const signer = new KmsSignerAdapter(config);
  try {
    return await signManifest(signer, keyRef, manifest, ctx.clock);
  } finally {
    signer.destroy();
  }
}

/** The public key of a KMS key (`--key` on verify): GetPublicKey once; the check itself stays offline. */
export async function publicKeyFromKms(keyRef: string, ctx: CliContext): Promise<Buffer> {
  const [{ serviceClientConfig }, { KmsSignerAdapter }] = await Promise.all([import("../../aws/config"), import("../../aws/kmsSigner")]);
  const config = serviceClientConfig(ctx.env, "KMS");
  needRegion(config.region, "fetch the public key of --key");
  const signer = new KmsSignerAdapter(config);
  try {
    return Buffer.from((await signer.signingKey(keyRef)).publicKeyDer);
  } finally {
    signer.destroy();
  }
}

/** The ledger at `--ledger`: a local folder (relative to the working folder) or s3://bucket/prefix with Object Lock. */
export async function openLedger(location: string, retainDays: number, ctx: CliContext): Promise<{ store: LedgerStore; close(): void }> {
  const { parseS3Location } = await import("../../evidence/ledger/s3Store");
  const s3 = parseS3Location(location);
  if (s3 === undefined) {
    const { FolderLedgerStore } = await import("../../evidence/ledger/store");
    const dir = isAbsolute(location) ? location : resolve(ctx.cwd, location);
    return { store: new FolderLedgerStore(dir, isAbsolute(location) ? location : relative(ctx.cwd, dir) || "."), close: () => undefined };
  }
  const [{ serviceClientConfig }, { S3Adapter }, { S3LedgerStore }] = await Promise.all([import("../../aws/config"), import("../../aws/s3"), import("../../evidence/ledger/s3Store")]);
  const config = serviceClientConfig(ctx.env, "S3");
  needRegion(config.region, `use the ledger ${location}`);
  const adapter = new S3Adapter(config);
  return { store: new S3LedgerStore(adapter, s3.bucket, s3.prefix, retainDays, ctx.clock), close: () => adapter.destroy() };
}

/** A positive whole number flag. */
export function positiveInt(flag: string, text: string, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1 || n > max) throw usageError("E_USAGE", `${flag} expects a whole number from 1 to ${max}, got ${JSON.stringify(text)}`);
  return n;
}

/** The key to check a signature against: `--public-key FILE` (PEM or DER) or `--key REF` (GetPublicKey); none without either. */
export async function trustedKey(opts: { publicKey?: string; key?: string }, ctx: CliContext): Promise<KeyObject | undefined> {
  if (opts.publicKey !== undefined && opts.key !== undefined) throw usageError("E_USAGE", "give --public-key or --key, not both");
  const { parsePublicKey } = await import("../../signing/signature");
  if (opts.publicKey !== undefined) {
    const path = resolve(ctx.cwd, opts.publicKey);
    if (!existsSync(path) || !statSync(path).isFile()) throw usageError("E_PUBLIC_KEY", `--public-key ${opts.publicKey}: no such file; expected the signing key's public key (PEM)`);
    return parsePublicKey(readFileSync(path), opts.publicKey);
  }
  if (opts.key !== undefined) return parsePublicKey(await publicKeyFromKms(opts.key, ctx), opts.key);
  return undefined;
}

/** Signs a folder's manifest.json (an audit export) into manifest.sig.json beside it. */
export async function signFolderManifest(dir: string, keyRef: string, ctx: CliContext): Promise<SignatureFile> {
  const signature = await signWithKms(keyRef, { name: "manifest.json", bytes: readFileSync(join(dir, "manifest.json"), "utf8") }, ctx).catch((err: unknown) => {
    if (err instanceof OpsError) {
      throw new OpsError(err.code, `the export in ${dir} is complete and recorded, but it could not be signed: ${err.message}`, {
        exitCode: err.exitCode,
        hint: "sign it by running the same export again with --resume --sign-key",
        cause: err,
      });
    }
    throw err;
  });
  writeFileSync(join(dir, SIGNATURE_NAME), serializeSignature(signature));
  return signature;
}

/** Fails early (before a bundle is written) when `--sign-key` cannot sign: missing, disabled, wrong usage or spec. */
export async function checkSigningKey(keyRef: string, ctx: CliContext): Promise<void> {
  await publicKeyFromKms(keyRef, ctx);
}

/** Puts a bundle's signature beside its manifest (write aside, then rename), or — unsigned — removes an old one. */
export function writeSignatureInto(dir: string, signature: SignatureFile | undefined): void {
  const path = join(dir, SIGNATURE_NAME);
  if (signature === undefined) {
    rmSync(path, { force: true });
    return;
  }
  writeFileSync(`${path}.tmp`, serializeSignature(signature));
  renameSync(`${path}.tmp`, path);
}

