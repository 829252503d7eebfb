import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ExitCode, usageError } from "../../core/errors";
import { brokenLedger, readLedger } from "../../evidence/ledger/ledger";
import { verifyBundle, type BundleVerifyResult } from "../../evidence/verifyBundle";
import { describeSignature } from "../../signing/verifyDir";
import type { CliContext, CommandResult } from "../context";
import { openLedger, trustedKey } from "./evidence-aws";

export interface EvidenceVerifyOptions {
  readonly dir: string;
  readonly publicKey?: string;
  readonly key?: string;
  /** A ledger that must hold this bundle's run (its manifest digest). */
  readonly ledger?: string;
}

export type EvidenceVerifyData = BundleVerifyResult & { readonly ledgerRecord?: { readonly location: string; readonly seq: number; readonly runAt: string } };

/**
 * `evidence verify DIR [--public-key PEM | --key KMS-KEY] [--in-ledger L]`: exit 0 intact, 1 naming the file that fails
 * and why. With --in-ledger, the bundle's manifest must also be the one a ledger record names (the run was recorded).
 */
export async function evidenceVerify(opts: EvidenceVerifyOptions, ctx: CliContext): Promise<CommandResult<EvidenceVerifyData>> {
  const trusted = await trustedKey(opts, ctx);
  const dir = resolve(ctx.cwd, opts.dir);
  let data: EvidenceVerifyData = { ...verifyBundle(dir, trusted, opts.dir), dir: opts.dir };
  if (data.ok && opts.ledger !== undefined) data = await inLedger(data, dir, opts.ledger, ctx);
  return {
    data,
    exitCode: data.ok ? ExitCode.ok : ExitCode.findings,
    text: () => {
      const extra = data.unlisted.length > 0 ? `\nnote: not part of the bundle: ${data.unlisted.join(", ")}` : "";
      if (!data.ok) return `FAILED: ${opts.dir}/${data.problem?.file}: ${data.problem?.message}${extra}`;
      const recorded = data.ledgerRecord ? `; recorded as run ${data.ledgerRecord.seq} (${data.ledgerRecord.runAt}) in ${data.ledgerRecord.location}` : "";
      return `ok: ${opts.dir} is intact: ${data.files} files match manifest.json (${data.kind}); ${describeSignature(data.signature)}${recorded}${extra}`;
    },
  };
}

async function inLedger(data: EvidenceVerifyData, dir: string, location: string, ctx: CliContext): Promise<EvidenceVerifyData> {
  if (data.kind !== "emailmate-ops/soc2-evidence") throw usageError("E_USAGE", `--in-ledger checks a run's bundle; ${data.dir} is a ${data.kind} bundle`);
  const ledger = await openLedger(location, 1, ctx);
  try {
    const chain = await readLedger(ledger.store);
    if (!chain.ok) throw brokenLedger(ledger.store.location, chain);
    const sha = createHash("sha256").update(readFileSync(join(dir, "manifest.json"))).digest("hex");
    const record = chain.records.find((r) => r.bundle.manifestSha256 === sha);
    if (record === undefined) return { ...data, ok: false, problem: { file: "manifest.json", message: `no run in the ledger ${ledger.store.location} produced this manifest (sha256 ${sha})` } };
    return { ...data, ledgerRecord: { location: ledger.store.location, seq: record.seq, runAt: record.runAt } };
  } finally {
    ledger.close();
  }
}
