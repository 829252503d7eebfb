import type { Clock } from "../core/clock";
import { environmentError } from "../core/errors";
import type { ResourceRecord } from "../core/resource";
import type { LiveAwsSettings, LiveInventory, LiveScope } from "../aws/collectors";
import { ALL_CHECKS } from "../policy/checks";
import { evaluate, type Summary } from "../policy/engine/evaluate";
import type { PolicyPackConfig } from "../policy/engine/config";
import { toReport, type PolicyReport } from "../policy/report/model";
import type { PolicySource } from "../policy/sources/types";
import { applySuppressions, type Suppression } from "../policy/suppressions";
import type { Check, Finding } from "../policy/types";
import { driftMissing, driftProperty, driftUnexpected, liveCollectionError } from "./rules";
import { compareSources, type DriftResult } from "./drift";
import { collectionErrorFindings } from "./errors";
import { COMPARED_TYPES } from "./identity";
import { PROJECT_SCOPE } from "./names";
import { inventoryRecords, LIVE_TYPES } from "./records";

/** Reads one region of the account (the collectors over the AWS SDK, or a test's stand-in). */
export type Collect = (settings: LiveAwsSettings, scope: LiveScope) => Promise<LiveInventory>;

export interface LiveRunInput {
  readonly clock: Clock;
  /** The offline plan (declared). */
  readonly declared: { readonly stack: string; readonly records: readonly ResourceRecord[]; readonly region: string };
  /** A stack export (deployed), when given. */
  readonly deployed?: PolicySource;
  /** Regions to read; default: every region the plan declares resources in. */
  readonly regions?: readonly string[];
  /** Settings for every region (region filled in per call). */
  readonly aws: Omit<LiveAwsSettings, "region">;
  readonly collect?: Collect;
  readonly config?: PolicyPackConfig;
  readonly suppressions?: readonly Suppression[];
}

/** What `check --live` adds to the report: what was read, and the comparison. */
export interface LiveSummary {
  readonly accountId?: string;
  readonly regions: readonly string[];
  /** Resources read, per type. */
  readonly resources: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly drift: { readonly compared: number; readonly missing: number; readonly unexpected: number; readonly property: number; readonly properties: DriftResult["properties"]; readonly skipped: readonly string[] };
}

export interface LiveRun {
  readonly source: PolicySource;
  readonly report: PolicyReport & { readonly live: LiveSummary };
}

/**
 * `check --live`: reads the account (every region the plan uses, or the given ones), runs every check on what runs
 * there, and compares plan, stack export and account (drift findings). Collection errors are `error` findings; when
 * nothing at all could be read, it throws (exit 3).
 */
export async function runLive(input: LiveRunInput): Promise<LiveRun> {
  const collect = input.collect ?? (async (s, scope) => (await import("../aws/collectors")).collectInventory(s, scope));
  const regionOf = (r: ResourceRecord) => (typeof r.props.region === "string" ? r.props.region : input.declared.region);
  const planned = [...new Set(input.declared.records.filter((r) => COMPARED_TYPES.has(r.type)).map(regionOf))].sort();
  const regions = input.regions ?? (planned.length > 0 ? planned : [input.declared.region]);

  const inventories: LiveInventory[] = [];
  for (const region of regions) inventories.push(await collect({ ...input.aws, region }, PROJECT_SCOPE));
  const errors = inventories.flatMap((i) => i.errors);
  if (inventories.every((i) => i.complete.length === 0)) {
    const first = errors[0];
    const profile = input.aws.profile !== undefined ? ` (profile ${input.aws.profile})` : "";
    throw environmentError(first?.kind ?? "E_AWS_UNAVAILABLE", `live collection failed: nothing could be read in ${regions.join(", ")}${profile}${first !== undefined ? `: ${first.message}` : ""}`, {
      hint:
        first?.kind === "E_AWS_ACCESS_DENIED"
          ? "grant the read-only policy from `emailmate-ops live iam-policy`"
          : first?.code === "CredentialsProviderError"
            ? "set AWS credentials: --profile (a profile in ~/.aws/config or credentials), AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
            : "check --region, --profile or the credentials, and AWS_ENDPOINT_URL",
    });
  }
  const records = inventories.flatMap(inventoryRecords);
  const complete = new Map(inventories.map((i) => [i.region, new Set<string>(i.complete.map((k) => LIVE_TYPES[k]))]));
  // Associations come with the SES tenants.
  for (const i of inventories) if (i.complete.includes("sesTenants")) complete.get(i.region)!.add(LIVE_TYPES.associations);

  const evaluation = evaluate(records, { clock: input.clock, ...(input.config !== undefined ? { config: input.config } : {}), ...(input.suppressions !== undefined ? { suppressions: input.suppressions } : {}) });
  const drift = compareSources({
    declared: { label: "plan", records: input.declared.records },
    ...(input.deployed !== undefined ? { deployed: { label: input.deployed.file !== undefined ? `stack export ${input.deployed.file}` : "stack export", records: input.deployed.records } } : {}),
    live: { label: "account", records },
    regions,
    complete: (region, type) => complete.get(region)?.has(type) === true,
    defaultRegion: input.declared.region,
    checks: ALL_CHECKS,
  });
  const accountId = inventories.map((i) => i.accountId).find((a) => a !== undefined);
  const extra = applySuppressions([...drift.findings, ...collectionErrorFindings(errors)], input.suppressions ?? [], input.clock);
  extra.findings.push(...passes(drift, errors.length, { accountId, regions, stack: input.declared.stack }));
  const used = new Set(extra.findings.filter((f) => f.suppression !== undefined).map((f) => `${f.policy}|${f.suppression!.resource}`));
  const findings: Finding[] = [...evaluation.findings, ...extra.findings];
  const count = (s: Finding["status"]) => findings.filter((f) => f.status === s).length;
  const summary: Summary = { resources: evaluation.summary.resources, checks: evaluation.summary.checks, pass: count("pass"), fail: count("fail"), manual: count("manual"), suppressed: count("suppressed"), notEvaluated: evaluation.summary.notEvaluated, error: count("error"), disabled: evaluation.summary.disabled };
  const source: PolicySource = { kind: "live", stack: input.declared.stack, records };
  const report = toReport(source, {
    summary,
    findings,
    notApplicable: evaluation.notApplicable,
    unusedSuppressions: evaluation.unusedSuppressions.filter((s) => !used.has(`${s.policy}|${s.resource}`)),
    mandatoryFailed: findings.some((f) => (f.status === "fail" && f.enforcement === "mandatory") || f.status === "error"),
  });
  const perType: Record<string, number> = {};
  for (const r of records) perType[r.type] = (perType[r.type] ?? 0) + 1;
  const n = (id: string) => drift.findings.filter((f) => f.policy === id).length;
  const live: LiveSummary = {
    ...(accountId !== undefined ? { accountId } : {}),
    regions,
    resources: perType,
    errors: errors.length,
    drift: { compared: drift.compared, missing: n("drift-missing"), unexpected: n("drift-unexpected"), property: n("drift-property"), properties: drift.properties, skipped: drift.skipped },
  };
  return { source, report: { ...report, live } };
}

/**
 * What the comparison showed when it found nothing: one `pass` per live rule with no finding, saying what was
 * compared — so drift evidence is positive evidence, not an absence of findings. None for drift-missing when a
 * listing failed (what was not listed was not compared), none for live-collection-error when a call failed.
 */
function passes(drift: DriftResult, errorCount: number, at: { accountId?: string; regions: readonly string[]; stack: string }): Finding[] {
  const where = `account ${at.accountId ?? "(unknown)"} in ${at.regions.join(", ")}`;
  const urn = `aws:account:${at.accountId ?? "unknown"}`;
  const has = (id: string) => drift.findings.some((f) => f.policy === id);
  const props = Object.values(drift.properties).reduce((n, p) => n + p.length, 0);
  const out: Finding[] = [];
  const pass = (rule: Check, message: string) =>
    out.push({ policy: rule.id, status: "pass", enforcement: "mandatory", severity: rule.severity, urn, type: "aws:account", name: where, message, controls: rule.controls });
  if (!has(driftMissing.id) && drift.skipped.length === 0) pass(driftMissing, `every one of ${drift.compared} resources declared (or deployed) runs in the ${where}`);
  if (!has(driftUnexpected.id)) pass(driftUnexpected, `nothing of the project runs in the ${where} that is not declared (${drift.compared} resources compared)`);
  if (!has(driftProperty.id)) pass(driftProperty, `every property the checks read (${props} across ${Object.keys(drift.properties).length} resource types) is equal in each source that has the resource`);
  if (errorCount === 0) pass(liveCollectionError, `every listing and read in the ${where} succeeded`);
  return out;
}
