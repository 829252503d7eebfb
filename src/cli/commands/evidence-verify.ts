import { resolve } from "node:path";
import { ExitCode } from "../../core/errors";
import { verifyBundle, type BundleVerifyResult } from "../../evidence/verifyBundle";
import { describeSignature } from "../../signing/verifyDir";
import type { CliContext, CommandResult } from "../context";
import { trustedKey } from "./evidence-aws";

export interface EvidenceVerifyOptions {
  readonly dir: string;
  readonly publicKey?: string;
  readonly key?: string;
}

/** `evidence verify DIR [--public-key PEM | --key KMS-KEY]`: exit 0 intact, 1 naming the file that fails and why. */
export async function evidenceVerify(opts: EvidenceVerifyOptions, ctx: CliContext): Promise<CommandResult<BundleVerifyResult>> {
  const trusted = await trustedKey(opts, ctx);
  const result = verifyBundle(resolve(ctx.cwd, opts.dir), trusted, opts.dir);
  const data = { ...result, dir: opts.dir };
  return {
    data,
    exitCode: result.ok ? ExitCode.ok : ExitCode.findings,
    text: () => {
      const extra = result.unlisted.length > 0 ? `\nnote: not part of the bundle: ${result.unlisted.join(", ")}` : "";
      if (!result.ok) return `FAILED: ${opts.dir}/${result.problem?.file}: ${result.problem?.message}${extra}`;
      return `ok: ${opts.dir} is intact: ${result.files} files match manifest.json (${result.kind}); ${describeSignature(result.signature)}${extra}`;
    },
  };
}
