import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { z } from "zod";
import {
  loadClaims,
  referenceDiagnostics,
  resolveClaims,
  runbookFacts,
  runVerifiers,
  summarize,
  type ClaimInputs,
  type ClaimsSet,
  type ClaimsReport,
  type PolicyOutcome,
  type ProbeOutcome,
} from "../../claims";
import { DiagnosticsError, type Diagnostic } from "../../config/diagnostics";
import { MAIL_CHECK_IDS, WEB_CHECK_IDS } from "../../probes/types";
import { ExitCode, OpsError, usageError } from "../../core/errors";
import { ALL_CHECKS } from "../../policy/checks";
import { describeSource, type PolicyReport } from "../../policy/report/model";
import type { Runbook } from "../../incident/schema";
import { runPolicyCheck } from "../../policy/run";
import type { CliContext, CommandResult } from "../context";
import { progress } from "../context";
import { table } from "../table";
import { loadRunbooksForEvidence } from "./evidence";
import { DEFAULT_CLAIMS_FILE } from "../../claims/files";
import { policyRunOptions, type PolicySourceOptions } from "./policy-check";

export interface ClaimsOptions extends PolicySourceOptions {
  readonly claims: string;
  readonly runbooks?: string;
  readonly probes: readonly string[];
  /** Probe every target the claims name now (outside-in, read-only network reads). */
  readonly probe?: boolean;
  readonly ca?: readonly string[];
  readonly timeout?: string;
  readonly httpPort?: string;
}

const probeReport = z.strictObject({
  target: z.string(),
  checks: z.array(z.looseObject({ id: z.string(), status: z.string(), detail: z.string().default("") })),
});
// `{probes: [...]}` is also what `probe mail --tenant <id> --json` prints (with the tenant id).
const probeFile = z.union([probeReport, z.array(probeReport), z.strictObject({ tenant: z.string().optional(), probes: z.array(probeReport) })]);

/** Reads `probe --json` outputs: one report, an array of them, or `{probes: [...]}`. Bad files are exit 2. */
export function readProbeResults(cwd: string, files: readonly string[]): ProbeOutcome[] {
  return files.flatMap((f) => {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(resolve(cwd, f), "utf8"));
    } catch (err) {
      throw usageError("E_PROBE_RESULTS", `${f}: expected the JSON output of \`emailmate-ops probe --json\`: ${err instanceof Error ? err.message : String(err)}`);
    }
    const parsed = probeFile.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw usageError("E_PROBE_RESULTS", `${f}: expected {target, checks: [{id, status, detail}]} (the output of \`probe --json\`)${issue ? `; at ${issue.path.join(".") || "(document)"}: ${issue.message}` : ""}`);
    }
    const d = parsed.data;
    return Array.isArray(d) ? d : "probes" in d ? d.probes : [d];
  });
}

/** The policy run claims read; invalid input stops the command (exit 2), an environment failure is recorded. */
async function policyOutcome(opts: ClaimsOptions, ctx: CliContext): Promise<{ outcome: PolicyOutcome | { error: string }; types?: string[] }> {
  try {
    const { source, report } = await runPolicyCheck(policyRunOptions(opts, ctx));
    return {
      outcome: { source: describeSource(report), findings: report.findings.map((f) => ({ policy: f.policy, status: f.status, name: f.name, message: f.message })) },
      types: source.records.map((r) => r.type),
    };
  } catch (err) {
    if (err instanceof DiagnosticsError || (err instanceof OpsError && err.exitCode === ExitCode.invalidInput)) throw err;
    if (err instanceof OpsError) return { outcome: { error: err.message } };
    throw err;
  }
}

/** The targets the claims' probe evidence names: https URLs for the web probe, bare domains for the mail probe. */
function probeTargetsOf(set: ClaimsSet): { web: string[]; mail: string[] } {
  const targets = [...new Set(set.claims.flatMap((c) => c.spec.evidence.flatMap((e) => ("probe" in e ? [e.target] : []))))];
  return { web: targets.filter((t) => t.startsWith("https://")), mail: targets.filter((t) => !t.includes("://")) };
}

/** `--probe`: runs the web and mail probes on every target the claims name, one after another. */
async function probeTargets(set: ClaimsSet, opts: ClaimsOptions, ctx: CliContext): Promise<ProbeOutcome[]> {
  const { parseTarget } = await import("./probe-web");
  const { parsePositiveInt, readCaFiles } = await import("./probe-common");
  const { probeWeb } = await import("../../probes/probeWeb");
  const { probeMail } = await import("../../probes/probeMail");
  const { nodeDnsReader } = await import("../../probes/net/dns");
  const timeoutMs = parsePositiveInt("--timeout", opts.timeout, 10_000);
  const httpPort = parsePositiveInt("--http-port", opts.httpPort, 80, 65_535);
  const ca = readCaFiles(opts.ca, ctx);
  const { web, mail } = probeTargetsOf(set);
  const out: ProbeOutcome[] = [];
  for (const target of web) {
    progress(ctx, `probing ${target}…`);
    out.push((await probeWeb(parseTarget(target), { ...(ca !== undefined ? { ca } : {}), timeoutMs, httpPort }, ctx.clock)).report);
  }
  for (const domain of mail) {
    progress(ctx, `probing mail of ${domain}…`);
    out.push(await probeMail(domain, { dns: nodeDnsReader({ timeoutMs }), ...(ca !== undefined ? { ca } : {}), timeoutMs, resolvePolicyHost: false }));
  }
  return out;
}

/** Probe evidence must name a check the probes have and a target they can probe (an https URL or a domain). */
function probeReferenceDiagnostics(set: ClaimsSet, claimsFile: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  set.claims.forEach((c, i) =>
    c.spec.evidence.forEach((e, k) => {
      if (!("probe" in e)) return;
      const at = c.evidenceAt[k] ?? c.at;
      const web = e.target.startsWith("https://");
      const ids: readonly string[] = web ? WEB_CHECK_IDS : MAIL_CHECK_IDS;
      if (!web && e.target.includes("://")) {
        out.push({ file: claimsFile, ...at, code: "E_VALUE", path: `claims.${i}.evidence.${k}.target`, message: `expected an https:// URL (web probe) or a mail domain, got ${JSON.stringify(e.target)}` });
      } else if (!ids.includes(e.probe)) {
        out.push({ file: claimsFile, ...at, code: "E_REFERENCE", path: `claims.${i}.evidence.${k}.probe`, message: `the ${web ? "web" : "mail"} probe has no check ${JSON.stringify(e.probe)}; expected one of ${ids.join(", ")}` });
      }
    }),
  );
  return out;
}

/** Judges every claim of the security page against the checks, probes, runbooks and verifiers that prove it. */
/** Reads and cross-checks the claims file and its page; every mapping problem is a located error (exit 2). */
function loadClaimsOrThrow(claimsFile: string, ctx: CliContext): ClaimsSet {
  const loaded = loadClaims(claimsFile, { read: (p) => readFileSync(resolve(ctx.cwd, p)) });
  if (!loaded.ok) throw new DiagnosticsError(loaded.diagnostics, "claims");
  const set = loaded.set;
  const refs = [...referenceDiagnostics(set, claimsFile, new Set(ALL_CHECKS.map((c) => c.id))), ...probeReferenceDiagnostics(set, claimsFile)];
  if (refs.length > 0) throw new DiagnosticsError(refs, "claims");
  return set;
}

/** Judges the claims against what one run gathered (pure but for the verifiers, which exercise the project's modules). */
function judgeClaims(
  set: ClaimsSet,
  gathered: { policy: PolicyOutcome | { error: string }; types?: readonly string[]; runbooks: readonly Runbook[] | undefined; probes: ProbeOutcome[] | undefined },
  ctx: CliContext,
): ClaimsReport {
  const verifierIds = new Set(set.claims.flatMap((c) => c.spec.evidence.flatMap((e) => ("verifier" in e ? [e.verifier] : []))));
  const { policy, runbooks, probes } = gathered;
  const inputs: ClaimInputs = {
    now: ctx.clock.now(),
    policy,
    probes,
    runbooks: runbooks === undefined ? undefined : runbookFacts(runbooks),
    verifiers: runVerifiers(verifierIds, { page: set.page, ...(gathered.types !== undefined ? { resourceTypes: gathered.types } : {}) }),
  };
  const claims = resolveClaims(set, inputs);
  return {
    page: { file: relative(ctx.cwd, resolve(ctx.cwd, set.page.file)) || set.page.file, title: set.page.title, ...(set.page.lastUpdated !== undefined ? { lastUpdated: set.page.lastUpdated } : {}) },
    generatedAt: ctx.clock.now().toISOString(),
    inputs: {
      policy: "error" in policy ? `error: ${policy.error}` : policy.source,
      probes: probes === undefined ? "none (not probed in this run)" : probes.map((p) => p.target).join(", "),
      runbooks: runbooks === undefined ? "none (no runbooks folder)" : `${runbooks.length} validated runbooks`,
    },
    summary: summarize(claims),
    claims,
  };
}

/**
 * The claims judged on the evidence run's own policy report (no second plan), for claims.json and report.html (the
 * evidence run calls it when the project has a claims file). Probe evidence stays unverified: the bundle probes nothing.
 */
export function claimsForEvidence(report: PolicyReport, runbooks: readonly Runbook[] | undefined, ctx: CliContext, claimsFile = DEFAULT_CLAIMS_FILE): ClaimsReport {
  const set = loadClaimsOrThrow(claimsFile, ctx);
  const policy = { source: describeSource(report), findings: report.findings.map((f) => ({ policy: f.policy, status: f.status, name: f.name, message: f.message })) };
  const types = [...new Set(report.findings.map((f) => f.type).filter((t) => t !== "pulumi:pulumi:Stack"))];
  return judgeClaims(set, { policy, types, runbooks, probes: undefined }, ctx);
}

/** Judges every claim of the security page against the checks, probes, runbooks and verifiers that prove it. */
export async function buildClaimsReport(opts: ClaimsOptions, ctx: CliContext): Promise<ClaimsReport> {
  const set = loadClaimsOrThrow(opts.claims, ctx);
  const given = opts.probes.length > 0 ? readProbeResults(ctx.cwd, opts.probes) : undefined;
  const probed = opts.probe === true ? await probeTargets(set, opts, ctx) : undefined;
  const probes = given === undefined && probed === undefined ? undefined : [...(probed ?? []), ...(given ?? [])];
  progress(ctx, "validating runbooks…");
  const runbooks = await loadRunbooksForEvidence(opts.runbooks, ctx);
  progress(ctx, "planning and checking…");
  const policy = await policyOutcome(opts, ctx);
  progress(ctx, "");
  return judgeClaims(set, { policy: policy.outcome, ...(policy.types !== undefined ? { types: policy.types } : {}), runbooks, probes }, ctx);
}

const cut = (s: string, n: number) => (s.length <= n ? s : s.slice(0, n - 1) + "…");

export function renderClaims(report: ClaimsReport): string {
  const s = report.summary;
  const lines = [
    `${report.page.file}${report.page.lastUpdated !== undefined ? ` (last updated ${report.page.lastUpdated})` : ""}: ${s.claims} claims — ${s.verified} verified, ${s.failed} failed, ${s.unverified} unverified, ${s.manual} manual`,
    `judged against: ${report.inputs.policy}; probes: ${report.inputs.probes}; ${report.inputs.runbooks}`,
    "",
    table(
      ["STATUS", "CLAIM", "TEXT"],
      report.claims.map((c) => [c.status.toUpperCase(), c.id, cut(c.text, 70)]),
    ),
  ];
  const notShown = report.claims.filter((c) => c.status === "failed" || c.status === "unverified");
  if (notShown.length > 0) {
    lines.push("", "Not shown:");
    for (const c of notShown) {
      lines.push(`  ${c.status.toUpperCase()} ${c.id} (${c.location.file}:${c.location.line}:${c.location.col})`);
      for (const e of c.evidence.filter((x) => x.status === "failed" || x.status === "unverified")) {
        lines.push(`    ${e.status} ${e.kind} ${e.ref}${e.target !== undefined ? ` ${e.target}` : ""}: ${e.detail}`);
      }
    }
  }
  const over = report.claims.filter((c) => c.overstatements.length > 0);
  if (over.length > 0) {
    lines.push("", `Where the page promises more than can be shown (${s.overstatements}):`);
    for (const c of over) {
      for (const o of c.overstatements) {
        lines.push(`  ${c.id} (${c.location.file}:${c.location.line}:${c.location.col}): ${o.reason}`, `    suggested: ${o.suggestion}`);
      }
    }
  }
  lines.push("", s.failed > 0 ? `FAILED: ${s.failed} claim${s.failed === 1 ? "" : "s"} shown to be false` : "ok: no claim shown to be false");
  return lines.join("\n");
}

/** `claims`: each sentence of the security page with its status and evidence; exit 1 when a claim fails. */
export async function claims(opts: ClaimsOptions, ctx: CliContext): Promise<CommandResult<ClaimsReport>> {
  const report = await buildClaimsReport(opts, ctx);
  return { data: report, exitCode: report.summary.failed > 0 ? ExitCode.findings : ExitCode.ok, text: () => renderClaims(report) };
}
