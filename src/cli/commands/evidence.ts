import { existsSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { DiagnosticsError } from "../../config/diagnostics";
import type { Runbook } from "../../incident/schema";
import { ExitCode, usageError } from "../../core/errors";
import { toolVersion } from "../../core/version";
import { buildEvidence, collectProvenance, renderManifest, sha256, writeBundle, type Manifest } from "../../evidence";
import { gitDirty } from "../../evidence/provenance";
import { appendRetrying, ledgerTip } from "../../evidence/ledger/ledger";
import { checkSigningKey, openLedger, signWithKms, writeSignatureInto } from "./evidence-aws";
import type { ControlRow } from "../../evidence/matrix";
import { ALL_CHECKS } from "../../policy/checks";
import { resolvePolicies } from "../../policy/engine/config";
import { DEFAULT_SUPPRESSIONS } from "../../policy/io";
import { readStackFileOrDefaults } from "../../plan/stackConfig";
import { runPolicyCheckBatched, type RunPolicyOptions } from "../../policy/run";
import { tenantInventory, type TenantInventoryRow } from "../../evidence/inventory";
import type { PolicyReport } from "../../policy/report/model";
import { loadTenants, tenantFsAt, tenantSource, type Tenant } from "../../tenants";
import type { CliContext, CommandResult } from "../context";
import { findingLocator, type FindingLocation } from "../../policy/report/findingLocation";
import type { Finding } from "../../policy/types";
import { tenantLookup } from "../tenantsFor";
import { table } from "../table";
import { policyRunOptions, reportRules, type PolicySourceOptions } from "./policy-check";
import { DEFAULT_CLAIMS_FILE } from "../../claims/files";
import type { ClaimsReport } from "../../claims";

/** Tenants planned and judged at a time by `evidence` and `check` (memory stays flat with the number of tenants). */
export const EVIDENCE_BATCH_TENANTS = 25;

export interface EvidenceOptions extends PolicySourceOptions {
  /** Tenants per batch (default EVIDENCE_BATCH_TENANTS); the result does not depend on it. */
  readonly batchTenants?: number;
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
export async function loadRunbooksForEvidence(dir: string | undefined, ctx: CliContext): Promise<readonly Runbook[] | undefined> {
  if (dir === undefined && !existsSync(resolve(ctx.cwd, "runbooks"))) return undefined;
  // loaded when there are runbooks to read (the schema and its actions are a fair part of start-up)
  const { loadRunbooks } = await import("../../incident/load");
  const set = loadRunbooks([dir ?? "runbooks"], tenantFsAt(ctx.cwd));
  if (set.diagnostics.length > 0) throw new DiagnosticsError(set.diagnostics, "runbook files");
  return set.runbooks;
}

/** Object Lock retention of S3 ledger records by default: two years (a 12-month Type II period and its audit). */
export const DEFAULT_RETAIN_DAYS = 730;

export interface EvidenceData {
  readonly out: string;
  readonly manifest: Manifest;
  /** Each control's status, with why it is not a plain pass. */
  readonly controls: readonly { control: string; status: ControlRow["status"]; reasons: readonly string[] }[];
  readonly mandatoryFailed: boolean;
  /** The ledger record this run appended. */
  readonly ledger?: { readonly location: string; readonly seq: number; readonly hash: string };
  /** Who signed manifest.json (manifest.sig.json). */
  readonly signature?: { readonly keyId: string; readonly publicKeySha256: string };
}

/** The tenants for the bundle's inventory (names, plans): the validated ones given, else those of the tenants folder. */
function tenantsForEvidence(opts: EvidenceOptions & { validatedTenants?: readonly Tenant[] }, ctx: CliContext, fileSource: boolean): readonly Tenant[] | undefined {
  if (opts.validatedTenants !== undefined) return opts.validatedTenants;
  const dir = opts.tenants ?? readStackFileOrDefaults(ctx.cwd, opts.stack).settings.tenantsDir;
  if (fileSource && !existsSync(resolve(ctx.cwd, dir))) return undefined;
  const set = loadTenants([dir], tenantFsAt(ctx.cwd));
  // the plan needs every tenant valid; a stack export or preview names its own resources, the files only add names
  if (set.diagnostics.length > 0 && !fileSource) throw new DiagnosticsError(set.diagnostics, "tenant files");
  return set.tenants;
}

/** Runs the checks and writes the SOC 2 evidence bundle atomically; shared by `evidence` and the main job `check`. */
export async function produceEvidence(
  opts: EvidenceOptions & { validatedTenants?: readonly Tenant[]; validatedRunbooks?: readonly Runbook[] },
  ctx: CliContext,
): Promise<{ data: EvidenceData; report: PolicyReport; matrix: ControlRow[] }> {
  const dir = isAbsolute(opts.out) ? opts.out : resolve(ctx.cwd, opts.out);
  const inside = relative(dir, ctx.cwd);
  if (!inside.startsWith("..") && !isAbsolute(inside)) {
    throw usageError("E_OUT_NOT_BUNDLE", `--out ${opts.out} is the current folder or holds it; the bundle replaces its --out folder, so give one of its own (e.g. out/evidence)`);
  }
  const fileSource = opts.stackExport !== undefined || opts.previewJson !== undefined;
  const tenants = tenantsForEvidence(opts, ctx, fileSource);
  const run: RunPolicyOptions = {
    ...policyRunOptions(opts, ctx),
    ...(tenants !== undefined && !fileSource ? { tenants } : {}),
  };
  const runbooks = opts.validatedRunbooks ?? (await loadRunbooksForEvidence(opts.runbooks, ctx));
  // git looks at the working tree while the plan is checked
  const dirty = gitDirty(ctx.cwd, dir);
  // the plan is judged a batch of tenants at a time and each batch dropped: memory holds findings, not the plan
  const byId = new Map((tenants ?? []).map((t) => [t.id, t]));
  const inventory: TenantInventoryRow[] = [];
  // SARIF locations (the tenant-file field causing a finding) need the records: found per batch, before they are dropped
  const tenantsDir = opts.tenants ?? "tenants";
  const lookup = tenantLookup(ctx, tenantsDir, tenants);
  const located = new Map<string, FindingLocation>();
  const locationKey = (f: Finding) => `${f.policy}\u0000${f.urn}`;
  const { report, inForce } = await runPolicyCheckBatched(run, opts.batchTenants ?? EVIDENCE_BATCH_TENANTS, (records, findings) => {
    const ids = new Set(records.map((r) => r.tenant).filter((t): t is string => t !== undefined));
    inventory.push(...tenantInventory(records, findings, [...ids].map((id) => byId.get(id)).filter((t): t is Tenant => t !== undefined)));
    const locate = findingLocator(records, lookup, tenantsDir);
    for (const f of findings) {
      if (f.status === "pass" || f.tenant === undefined) continue;
      const at = locate(f);
      if (at !== undefined) located.set(locationKey(f), at);
    }
  });
  const fallback = findingLocator([], lookup, tenantsDir);
  const seen = new Set(inventory.map((r) => r.tenant));
  // tenants with no resources in the source (a stack export without them) still belong in the inventory
  inventory.push(...tenantInventory([], [], [...byId.values()].filter((t) => !seen.has(t.id))));
  inventory.sort((a, b) => (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : 0));
  const stackFile = `Pulumi.${opts.stack ?? "dev"}.yaml`;
  const provenance = collectProvenance({
    dirty: await dirty,
    cwd: ctx.cwd,
    env: ctx.env,
    now: ctx.clock.now(),
    toolVersion: toolVersion(),
    out: dir,
    inputs: [
      ...(opts.stackExport !== undefined ? [{ kind: "stack-export" as const, path: opts.stackExport }] : []),
      ...(opts.previewJson !== undefined ? [{ kind: "preview-json" as const, path: opts.previewJson }] : []),
      ...(!fileSource && existsSync(resolve(ctx.cwd, stackFile)) ? [{ kind: "stack-config" as const, path: stackFile }] : []),
      ...(opts.config !== undefined ? [{ kind: "policy-config" as const, path: opts.config }] : []),
      ...suppressionsInput(opts.suppressions, ctx),
      // the bytes each tenant was validated from (not read again)
      ...(tenants ?? []).map((t) => {
        const content = tenantSource(t);
        return { kind: "tenant" as const, path: t.file, ...(content !== undefined ? { content } : {}) };
      }),
      ...(runbooks ?? []).map((r) => ({ kind: "runbook" as const, path: r.file })),
    ],
    policy: {
      config: inForce.config ?? null,
      enforcement: Object.fromEntries(resolvePolicies(ALL_CHECKS, undefined, inForce.config).map((p) => [p.check.id, p.enforcementLevel])),
      suppressions: inForce.suppressions.map((x) => ({ policy: x.policy, resource: x.resource, reason: x.reason, expires: x.expires })),
    },
  });
  const evidence = buildEvidence({
    report,
    records: [],
    inventory,
    checks: reportRules(report),
    ...(tenants !== undefined ? { tenants } : {}),
    provenance,
    tenantsDir: opts.tenants ?? "tenants",
    locate: (f) => located.get(locationKey(f)) ?? fallback(f),
    ...(runbooks !== undefined ? { runbooks } : {}),
    ...(await claimsInput(report, runbooks, ctx)),
  });
  const shown = isAbsolute(opts.out) ? opts.out : relative(ctx.cwd, dir) || ".";
  // Ledger and key are checked before anything is written: a broken ledger or an unusable key writes nothing.
  const ledger = opts.ledger === undefined ? undefined : await openLedger(opts.ledger, opts.ledgerRetainDays ?? DEFAULT_RETAIN_DAYS, ctx);
  try {
    const tip = ledger === undefined ? undefined : await ledgerTip(ledger.store);
    if (opts.signKey !== undefined) await checkSigningKey(opts.signKey, ctx);
    let manifest: Manifest | undefined;
    let manifestText = "";
    writeBundle(dir, evidence.files, (written) => (manifestText = renderManifest((manifest = evidence.manifest(written)))));
    const m = manifest!;
    const signature = opts.signKey === undefined ? undefined : await signWithKms(opts.signKey, { name: "manifest.json", bytes: manifestText }, ctx);
    writeSignatureInto(dir, signature);
    const record =
      ledger === undefined
        ? undefined
        : await appendRetrying(ledger.store, tip, {
            runAt: new Date(m.generatedAt),
            toolVersion: m.toolVersion,
            gitCommit: m.git.commit,
            report,
            checks: ALL_CHECKS,
            controls: m.controls,
            tenants: inventory.map((r) => r.tenant),
            manifestSha256: sha256(manifestText),
            out: shown,
            ...(signature !== undefined ? { signedBy: signature.keyId } : {}),
          });
    const data: EvidenceData = {
      out: shown,
      manifest: m,
      controls: evidence.matrix.map((c) => ({ control: c.control, status: c.status, reasons: c.status === "manual" ? ["no automated check: collect the evidence by hand (report.html lists what)"] : c.reasons })),
      mandatoryFailed: report.mandatoryFailed,
      ...(record !== undefined && ledger !== undefined ? { ledger: { location: ledger.store.location, seq: record.seq, hash: record.hash } } : {}),
      ...(signature !== undefined ? { signature: { keyId: signature.keyId, publicKeySha256: signature.publicKeySha256 } } : {}),
    };
    return { data, report, matrix: evidence.matrix };
  } finally {
    ledger?.close();
  }
}

/** The security page's claims, judged on this run's report (docs/claims.yaml, when the project has it). */
async function claimsInput(report: PolicyReport, runbooks: readonly Runbook[] | undefined, ctx: CliContext): Promise<{ claims?: ClaimsReport }> {
  if (!existsSync(resolve(ctx.cwd, DEFAULT_CLAIMS_FILE))) return {};
  // loaded when the project has claims to judge
  const { claimsForEvidence } = await import("./claims");
  return { claims: claimsForEvidence(report, runbooks, ctx) };
}

function suppressionsInput(file: string | undefined, ctx: CliContext): { kind: "suppressions"; path: string }[] {
  if (file !== undefined) return [{ kind: "suppressions", path: file }];
  return existsSync(resolve(ctx.cwd, DEFAULT_SUPPRESSIONS)) ? [{ kind: "suppressions", path: DEFAULT_SUPPRESSIONS }] : [];
}

export function renderEvidenceSummary(data: EvidenceData): string {
  const m = data.manifest;
  return [
    table(["CONTROL", "STATUS", "WHY"], data.controls.map((c) => [c.control, c.status, why(c.reasons)])),
    `wrote ${m.files.length + 1 + (data.signature ? 1 : 0)} files to ${data.out}/ (open ${data.out}/report.html; hashes and provenance in ${data.out}/manifest.json; commit ${m.git.commit}${m.git.dirty === true ? ", dirty" : ""})`,
    ...(data.signature ? [`signed manifest.json with ${data.signature.keyId} (public key sha256 ${data.signature.publicKeySha256})`] : []),
    ...(data.ledger ? [`ledger ${data.ledger.location}: appended record ${data.ledger.seq} (${data.ledger.hash})`] : []),
  ].join("\n");
}

function why(reasons: readonly string[]): string {
  if (reasons.length === 0) return "";
  const first = reasons[0]!.length > 110 ? `${reasons[0]!.slice(0, 109)}…` : reasons[0]!;
  return reasons.length > 1 ? `${first} (+${reasons.length - 1} more)` : first;
}

/**
 * `evidence [--out DIR] [--ledger DIR|s3://…] [--sign-key KEY]`: the SOC 2 evidence bundle of one run, appended to the
 * ledger. Exit 1 when a mandatory check fails (the bundle is still written).
 */
export async function evidence(opts: EvidenceOptions, ctx: CliContext): Promise<CommandResult<EvidenceData>> {
  const { data } = await produceEvidence(opts, ctx);
  return { data, exitCode: data.mandatoryFailed ? ExitCode.findings : ExitCode.ok, text: () => renderEvidenceSummary(data) };
}
