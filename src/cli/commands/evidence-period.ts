import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { ExitCode, usageError } from "../../core/errors";
import { toolVersion } from "../../core/version";
import { gitCommit, writeBundle } from "../../evidence";
import { brokenLedger, readLedger } from "../../evidence/ledger/ledger";
import { buildPeriodEvidence, type PeriodControl, type PeriodManifest } from "../../evidence/period/build";
import { parsePeriod } from "../../evidence/period/range";
import type { CliContext, CommandResult } from "../context";
import { table } from "../table";
import { openLedger, positiveInt, signWithKms, writeSignatureInto } from "./evidence-aws";

export interface EvidencePeriodOptions {
  readonly period: string;
  readonly ledger: string;
  readonly out?: string;
  readonly sample: string;
  readonly seed?: string;
  readonly signKey?: string;
}

export interface EvidencePeriodData {
  readonly out: string;
  readonly period: PeriodManifest["period"];
  readonly ledger: PeriodManifest["ledger"];
  readonly sample: { readonly size: number; readonly seed: string };
  readonly controls: readonly (Omit<PeriodControl, "exceptions" | "sample" | "tenants" | "gaps"> & { gapDays: number; tenants: number; exceptions: number; sampled: number })[];
  readonly signature?: { readonly keyId: string; readonly publicKeySha256: string };
}

/**
 * `evidence --period FROM..TO`: the SOC 2 Type II bundle of a period, from the evidence ledger (verified first: a
 * broken chain is exit 1 and writes nothing). Exit 1 when a control had exceptions (fail or error) in the period.
 */
export async function evidencePeriod(opts: EvidencePeriodOptions, ctx: CliContext): Promise<CommandResult<EvidencePeriodData>> {
  const period = parsePeriod(opts.period);
  const size = positiveInt("--sample", opts.sample, 100_000);
  if (opts.seed !== undefined && !/^[\x21-\x7e]{1,200}$/.test(opts.seed)) throw usageError("E_USAGE", `--seed expects 1 to 200 printable characters without spaces, got ${JSON.stringify(opts.seed)}`);
  const seed = opts.seed ?? randomBytes(8).toString("hex");
  if (!opts.ledger.startsWith("s3://") && !existsSync(resolve(ctx.cwd, opts.ledger))) {
    throw usageError("E_LEDGER_LOCATION", `--ledger ${opts.ledger}: no such folder; evidence runs append to it (emailmate-ops evidence --ledger ${opts.ledger})`);
  }
  const ledger = await openLedger(opts.ledger, 1, ctx);
  try {
    const chain = await readLedger(ledger.store);
    if (!chain.ok) throw brokenLedger(ledger.store.location, chain);
    const { files, manifest, controls } = buildPeriodEvidence({
      period,
      records: chain.records,
      ledgerLocation: ledger.store.location,
      sampleSize: size,
      seed,
      generatedAt: ctx.clock.now(),
      toolVersion: toolVersion(),
      gitCommit: gitCommit(ctx.cwd),
    });
    const outText = opts.out ?? `out/period-${period.from}..${period.to}`;
    const dir = isAbsolute(outText) ? outText : resolve(ctx.cwd, outText);
    const signature = opts.signKey === undefined ? undefined : await signWithKms(opts.signKey, { name: "manifest.json", bytes: files.find((f) => f.path === "manifest.json")!.content }, ctx);
    // the period bundle is small and its manifest already hashes the other files: written aside and moved into place
    const manifestText = files.find((f) => f.path === "manifest.json")!.content;
    writeBundle(dir, files.filter((f) => f.path !== "manifest.json").map((f) => ({ path: f.path, chunks: () => [f.content] })), () => manifestText);
    writeSignatureInto(dir, signature);
    const data: EvidencePeriodData = {
      out: isAbsolute(outText) ? outText : relative(ctx.cwd, dir) || ".",
      period: manifest.period,
      ledger: manifest.ledger,
      sample: { size, seed },
      controls: controls.map((c) => ({
        control: c.control,
        title: c.title,
        status: c.status,
        reason: c.reason,
        runs: c.runs,
        runStatuses: c.runStatuses,
        daysCovered: c.daysCovered,
        gapDays: c.gaps.reduce((a, g) => a + g.days, 0),
        tenants: c.tenants.length,
        exceptions: c.exceptions.length,
        sampled: c.sample.length,
      })),
      ...(signature !== undefined ? { signature: { keyId: signature.keyId, publicKeySha256: signature.publicKeySha256 } } : {}),
    };
    const exceptions = controls.some((c) => c.status === "fail" || c.status === "error");
    return {
      data,
      exitCode: exceptions ? ExitCode.findings : ExitCode.ok,
      text: () =>
        [
          `period ${period.from} .. ${period.to} (${manifest.period.days} days) from ${ledger.store.location}: ${manifest.ledger.first === null ? "no runs" : `records ${manifest.ledger.first.seq}–${manifest.ledger.last?.seq}`}`,
          table(
            ["CONTROL", "STATUS", "RUNS", "DAYS", "GAP DAYS", "TENANTS", "EXCEPTIONS", "SAMPLED", "WHY"],
            controls.map((c) => [c.control, c.status, String(c.runs), `${c.daysCovered}/${manifest.period.days}`, String(c.gaps.reduce((a, g) => a + g.days, 0)), String(c.tenants.length), String(c.exceptions.length), String(c.sample.length), c.reason]),
          ),
          `wrote ${files.length + (signature ? 1 : 0)} files to ${data.out}/ (sample seed ${seed}; exceptions in ${data.out}/exceptions.csv)`,
          ...(signature ? [`signed manifest.json with ${signature.keyId} (public key sha256 ${signature.publicKeySha256})`] : []),
        ].join("\n"),
    };
  } finally {
    ledger.close();
  }
}
