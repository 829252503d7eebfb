import { createHash, type KeyObject } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { usageError } from "../core/errors";
import { checkFolderSignature } from "../signing/verifyDir";
import { SIGNATURE_NAME, type SignatureCheck } from "../signing/signature";
import { verifyChain } from "./ledger/chain";
import { recordName, type LedgerRecord } from "./ledger/record";

export interface BundleVerifyResult {
  readonly ok: boolean;
  readonly dir: string;
  /** The manifest's kind: a run's bundle or a period bundle. */
  readonly kind?: string;
  /** Files whose size and SHA-256 matched the manifest. */
  readonly files: number;
  readonly signature: SignatureCheck | "unsigned";
  /** The first problem: the file to blame and why. */
  readonly problem?: { readonly file: string; readonly message: string };
  /** Files in the folder that the manifest does not list (reported, not judged). */
  readonly unlisted: readonly string[];
}

const MANIFEST = "manifest.json";
const SAFE_PATH = /^(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[\w./-]+$/;

interface BundleManifest {
  readonly kind?: unknown;
  readonly files?: readonly { path?: unknown; sha256?: unknown; bytes?: unknown }[];
  readonly ledger?: { readonly first?: { seq: number; previousHash: string } | null; readonly last?: { seq: number; hash: string } | null };
}

/**
 * Verifies an evidence bundle (a run's or a period's) offline: the signature first (the manifest must be the one
 * signed, and the signature must verify against `trusted` or the key the file carries), then every file's size and
 * SHA-256, then — for a period bundle — the hash chain of its ledger records against the signed manifest's anchor.
 * Stops at the first problem. A folder without manifest.json is a usage error (exit 2).
 */
export function verifyBundle(dir: string, trusted?: KeyObject, shown: string = dir): BundleVerifyResult {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw usageError("E_VERIFY_DIR", `${shown} is not a folder`);
  if (!existsSync(join(dir, MANIFEST))) throw usageError("E_VERIFY_DIR", `${shown} holds no ${MANIFEST}: not an evidence bundle`);
  const signature = checkFolderSignature(dir, MANIFEST, trusted);
  const result = (files: number, kind: string | undefined, problem: BundleVerifyResult["problem"], unlisted: string[]): BundleVerifyResult => ({
    ok: problem === undefined,
    dir,
    ...(kind !== undefined ? { kind } : {}),
    files,
    signature,
    ...(problem !== undefined ? { problem } : {}),
    unlisted,
  });
  if (signature !== "unsigned" && !signature.ok) return result(0, undefined, signature.problem, []);

  let m: BundleManifest;
  try {
    m = JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as BundleManifest;
  } catch (err) {
    return result(0, undefined, { file: MANIFEST, message: `not valid JSON: ${(err as Error).message}` }, []);
  }
  const kind = typeof m?.kind === "string" ? m.kind : undefined;
  const entries = Array.isArray(m?.files) ? m.files : undefined;
  if (kind === undefined || !kind.startsWith("emailmate-ops/soc2-") || entries === undefined) {
    return result(0, kind, { file: MANIFEST, message: "not an evidence manifest (kind emailmate-ops/soc2-…, files[])" }, []);
  }
  const listed = new Set([MANIFEST, SIGNATURE_NAME, ...entries.map((e) => String(e.path))]);
  const unlisted = readdirSync(dir).filter((f) => !listed.has(f)).sort();
  let checked = 0;
  for (const e of entries) {
    if (typeof e.path !== "string" || !SAFE_PATH.test(e.path) || typeof e.sha256 !== "string" || typeof e.bytes !== "number") {
      return result(checked, kind, { file: MANIFEST, message: `files[${checked}] is not {path, sha256, bytes} with a relative path inside the bundle` }, unlisted);
    }
    const path = join(dir, e.path);
    if (!existsSync(path)) return result(checked, kind, { file: e.path, message: "missing" }, unlisted);
    const bytes = readFileSync(path);
    const sha = createHash("sha256").update(bytes).digest("hex");
    if (sha !== e.sha256 || bytes.length !== e.bytes) {
      return result(checked, kind, { file: e.path, message: `edited: ${bytes.length} bytes with sha256 ${sha}, the manifest says ${e.bytes} bytes with sha256 ${e.sha256}` }, unlisted);
    }
    checked++;
  }
  const chainProblem = m.ledger?.first ? periodChainProblem(dir, m.ledger.first, m.ledger.last ?? undefined) : undefined;
  return result(checked, kind, chainProblem, unlisted);
}

/** A period bundle's ledger.jsonl: the records must chain from the manifest's first record to its last. */
function periodChainProblem(dir: string, first: { seq: number; previousHash: string }, last: { seq: number; hash: string } | undefined): BundleVerifyResult["problem"] {
  const stored = readFileSync(join(dir, "ledger.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((text, i) => {
      try {
        return { name: recordName(JSON.parse(text) as LedgerRecord), text };
      } catch {
        return { name: `line ${i + 1}`, text };
      }
    });
  const chain = verifyChain(stored, last, first);
  const p = chain.problems[0];
  return p === undefined ? undefined : { file: "ledger.jsonl", message: `record ${p.record}: ${p.message}` };
}
