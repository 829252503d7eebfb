import { existsSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { DiagnosticsError } from "../../config/diagnostics";
import { loadRunbooks } from "../../incident/load";
import type { Runbook } from "../../incident/schema";
import { ExitCode } from "../../core/errors";
import { toolVersion } from "../../core/version";
import { buildEvidence, gitCommit, sha256, writeEvidence, type Manifest } from "../../evidence";
import { appendRetrying, ledgerTip } from "../../evidence/ledger/ledger";
import { openLedger, signWithKms, writeSignedBundle } from "./evidence-aws";
import type { ControlRow } from "../../evidence/matrix";
import { ALL_CHECKS } from "../../policy/checks";
import { runPolicyCheck, type RunPolicyOptions } from "../../policy/run";
import type { PolicyReport } from "../../policy/report/model";
import { tenantFsAt, type Tenant } from "../../tenants";
import type { CliContext, CommandResult } from "../context";
import { table } from "../table";
import { policyRunOptions, type PolicySourceOptions } from "./policy-check";

export interface EvidenceOptions extends PolicySourceOptions {
  readonly out: string;
  /** Evidence ledger to append this run to: a folder or s3://bucket/prefix (none when undefined). */
  readonly ledger?: string;
  /** Object Lock retention of S3 ledger records, in days. */
  readonly ledgerRetainDays?: number;
  /** KMS key (id, alias or ARN) to sign manifest.json with. */
  readonly signKey?: string;
  /** Runbooks folder; default `runbooks`, skipped when that default folder does not exist. */
  readonly runbooks?: string;
}

/**
 * The validated runbooks for the bundle (CC7.3–CC7.5). Invalid runbooks stop the command (exit 2, nothing written);
 * the default folder may be absent, a folder given explicitly may not.
 */
export function loadRunbooksForEvidence(dir: string | undefined, ctx: CliContext): readonly Runbook[] | undefined {
  if (dir === undefined && !existsSync(resolve(ctx.cwd, "runbooks"))) return undefined;
  const set = loadRunbooks([dir ?? "runbooks"], tenantFsAt(ctx.cwd));
  if (set.diagnostics.length > 0) throw new DiagnosticsError(set.diagnostics, "runbook files");
  return set.runbooks;
}

/** Object Lock retention of S3 ledger records by default: two years (a 12-month Type II period and its audit). */
export const DEFAULT_RETAIN_DAYS = 730;

export interface EvidenceData {
  readonly out: string;
  readonly manifest: Manifest;
  readonly controls: readonly { control: string; status: ControlRow["status"] }[];
  readonly mandatoryFailed: boolean;
  /** The ledger record this run appended. */
  readonly ledger?: { readonly location: string; readonly seq: number; readonly hash: string };
  /** Who signed manifest.json (manifest.sig.json). */
  readonly signature?: { readonly keyId: string; readonly publicKeySha256: string };
}

/** Runs the checks and writes the SOC 2 evidence bundle; shared by `evidence` and the main job `check`. */
export async function produceEvidence(
  opts: EvidenceOptions & { validatedTenants?: readonly Tenant[]; validatedRunbooks?: readonly Runbook[] },
  ctx: CliContext,
): Promise<{ data: EvidenceData; report: PolicyReport; matrix: ControlRow[] }> {
  const run: RunPolicyOptions = {
    ...policyRunOptions(opts, ctx),
    ...(opts.validatedTenants !== undefined ? { tenants: opts.validatedTenants } : {}),
  };
  const runbooks = opts.validatedRunbooks ?? loadRunbooksForEvidence(opts.runbooks, ctx);
  const { source, report } = await runPolicyCheck(run);
  const { files, manifest, matrix } = buildEvidence({
    report,
    records: source.records,
    checks: ALL_CHECKS,
    ...(opts.validatedTenants !== undefined ? { tenants: opts.validatedTenants } : {}),
    generatedAt: ctx.clock.now(),
    gitCommit: gitCommit(ctx.cwd),
    toolVersion: toolVersion(),
    tenantsDir: opts.tenants ?? "tenants",
    ...(runbooks !== undefined ? { runbooks } : {}),
  });
  const dir = isAbsolute(opts.out) ? opts.out : resolve(ctx.cwd, opts.out);
  const shown = isAbsolute(opts.out) ? opts.out : relative(ctx.cwd, dir) || ".";
  // Ledger and key are checked before anything is written: a broken ledger or an unusable key writes nothing.
  const ledger = opts.ledger === undefined ? undefined : await openLedger(opts.ledger, opts.ledgerRetainDays ?? DEFAULT_RETAIN_DAYS, ctx);
  try {
    const tip = ledger === undefined ? undefined : await ledgerTip(ledger.store);
    const manifestText = files.find((f) => f.path === "manifest.json")!.content;
    const signature = opts.signKey === undefined ? undefined : await signWithKms(opts.signKey, { name: "manifest.json", bytes: manifestText }, ctx);
    writeSignedBundle(dir, files, signature, writeEvidence);
    const record =
      ledger === undefined
        ? undefined
        : await appendRetrying(ledger.store, tip, {
            runAt: new Date(manifest.generatedAt),
            toolVersion: manifest.toolVersion,
            gitCommit: manifest.gitCommit,
            report,
            checks: ALL_CHECKS,
            controls: manifest.controls,
            tenants: [...(opts.validatedTenants ?? []).map((t) => t.id), ...source.records.flatMap((r) => (r.tenant !== undefined ? [r.tenant] : []))],
            manifestSha256: sha256(manifestText),
            out: shown,
            ...(signature !== undefined ? { signedBy: signature.keyId } : {}),
          });
    const data: EvidenceData = {
      out: shown,
      manifest,
      controls: manifest.controls,
      mandatoryFailed: report.mandatoryFailed,
      ...(record !== undefined && ledger !== undefined ? { ledger: { location: ledger.store.location, seq: record.seq, hash: record.hash } } : {}),
      ...(signature !== undefined ? { signature: { keyId: signature.keyId, publicKeySha256: signature.publicKeySha256 } } : {}),
    };
    return { data, report, matrix };
  } finally {
    ledger?.close();
  }
}

export function renderEvidenceSummary(data: EvidenceData): string {
  return [
    table(["CONTROL", "STATUS"], data.controls.map((c) => [c.control, c.status])),
    `wrote ${data.manifest.files.length + 1 + (data.signature ? 1 : 0)} files to ${data.out}/ (open ${data.out}/report.html; hashes in ${data.out}/manifest.json; commit ${data.manifest.gitCommit})`,
    ...(data.signature ? [`signed manifest.json with ${data.signature.keyId} (public key sha256 ${data.signature.publicKeySha256})`] : []),
    ...(data.ledger ? [`ledger ${data.ledger.location}: appended record ${data.ledger.seq} (${data.ledger.hash})`] : []),
  ].join("\n");
}

/**
 * `evidence [--out DIR] [--ledger DIR|s3://…] [--sign-key KEY]`: the SOC 2 evidence bundle of one run, appended to the
 * ledger. Exit 1 when a mandatory check fails (the bundle is still written).
 */
export async function evidence(opts: EvidenceOptions, ctx: CliContext): Promise<CommandResult<EvidenceData>> {
  const { data } = await produceEvidence(opts, ctx);
  return { data, exitCode: data.mandatoryFailed ? ExitCode.findings : ExitCode.ok, text: () => renderEvidenceSummary(data) };
}
