import { existsSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { DiagnosticsError } from "../../config/diagnostics";
import { loadRunbooks } from "../../incident/load";
import type { Runbook } from "../../incident/schema";
import { ExitCode } from "../../core/errors";
import { toolVersion } from "../../core/version";
import { buildEvidence, gitCommit, writeEvidence, type Manifest } from "../../evidence";
import type { ControlRow } from "../../evidence/matrix";
import { ALL_CHECKS } from "../../policy/checks";
import { runPolicyCheck, type RunPolicyOptions } from "../../policy/run";
import type { PolicyReport } from "../../policy/report/model";
import { tenantFsAt, type Tenant } from "../../tenants";
import type { CliContext, CommandResult } from "../context";
import { findingLocator } from "../../policy/report/findingLocation";
import { tenantLookup } from "../tenantsFor";
import { table } from "../table";
import { policyRunOptions, type PolicySourceOptions } from "./policy-check";

export interface EvidenceOptions extends PolicySourceOptions {
  readonly out: string;
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

export interface EvidenceData {
  readonly out: string;
  readonly manifest: Manifest;
  readonly controls: readonly { control: string; status: ControlRow["status"] }[];
  readonly mandatoryFailed: boolean;
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
    locate: findingLocator(source.records, tenantLookup(ctx, opts.tenants ?? "tenants", opts.validatedTenants), opts.tenants ?? "tenants"),
    ...(runbooks !== undefined ? { runbooks } : {}),
  });
  const dir = isAbsolute(opts.out) ? opts.out : resolve(ctx.cwd, opts.out);
  writeEvidence(dir, files);
  const shown = isAbsolute(opts.out) ? opts.out : relative(ctx.cwd, dir) || ".";
  return { data: { out: shown, manifest, controls: manifest.controls, mandatoryFailed: report.mandatoryFailed }, report, matrix };
}

export function renderEvidenceSummary(data: EvidenceData): string {
  return [
    table(["CONTROL", "STATUS"], data.controls.map((c) => [c.control, c.status])),
    `wrote ${data.manifest.files.length + 1} files to ${data.out}/ (open ${data.out}/report.html; hashes in ${data.out}/manifest.json; commit ${data.manifest.gitCommit})`,
  ].join("\n");
}

/** `evidence [--out DIR]`: the SOC 2 evidence bundle. Exit 1 when a mandatory check fails (the bundle is still written). */
export async function evidence(opts: EvidenceOptions, ctx: CliContext): Promise<CommandResult<EvidenceData>> {
  const { data } = await produceEvidence(opts, ctx);
  return { data, exitCode: data.mandatoryFailed ? ExitCode.findings : ExitCode.ok, text: () => renderEvidenceSummary(data) };
}
