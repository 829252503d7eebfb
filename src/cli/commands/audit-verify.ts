import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { verifyExport, type VerifyResult } from "../../audit/verify";
import { ExitCode, usageError } from "../../core/errors";
import { describeSignature } from "../../signing/verifyDir";
import type { CliContext, CommandResult } from "../context";
import { trustedKey } from "./evidence-aws";

export interface AuditVerifyOptions {
  readonly dir: string;
  readonly previous?: string;
  /** The signing key's public key (PEM or DER file) to check manifest.sig.json against. */
  readonly publicKey?: string;
  /** Or a KMS key whose public key to fetch (GetPublicKey). */
  readonly key?: string;
}

/** `audit verify DIR`: exit 0 when everything recomputes to the manifest, 1 naming the first file and line that differ. */
export async function auditVerify(opts: AuditVerifyOptions, ctx: CliContext): Promise<CommandResult<VerifyResult>> {
  const previous = opts.previous === undefined ? undefined : resolve(ctx.cwd, opts.previous);
  if (previous !== undefined && !(existsSync(previous) && statSync(previous).isFile())) {
    throw usageError("E_USAGE", `--previous ${opts.previous}: no such file; expected the previous export's manifest.json`);
  }
  const publicKey = await trustedKey(opts, ctx);
  const result = verifyExport(resolve(ctx.cwd, opts.dir), { previousManifest: previous, ...(publicKey !== undefined ? { publicKey } : {}) });
  const data = { ...result, dir: opts.dir };
  return {
    data,
    exitCode: result.ok ? ExitCode.ok : ExitCode.findings,
    text: () => {
      const extra = result.unlisted.length > 0 ? `\nnote: not part of the export: ${result.unlisted.join(", ")}` : "";
      if (result.ok) return `ok: ${opts.dir} is intact: ${result.events} event${result.events === 1 ? "" : "s"} of ${result.tenant}, Merkle root ${result.merkleRoot}${opts.previous ? ", chained to " + opts.previous : ""}${result.signature === "unsigned" ? "" : `; ${describeSignature(result.signature)}`}${extra}`;
      const p = result.problem;
      return `FAILED: ${opts.dir}/${p?.file}${p?.line === undefined ? "" : `:${p.line}`}: ${p?.message}${extra}`;
    },
  };
}
