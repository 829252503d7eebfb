import { existsSync, statSync, writeFileSync } from "node:fs";
import { makeDirs, nodeBundleFs } from "../../evidence/fsPort";
import { dirname, isAbsolute, resolve } from "node:path";
import { ExitCode, usageError } from "../../core/errors";
import { toolVersion } from "../../core/version";
import { ALL_CHECKS } from "../../policy/checks";
import { LIVE_RULES } from "../../live/rules";
import type { LiveSummary } from "../../live/run";
import { writeJson } from "../../policy/report/json";
import { writeJunit } from "../../policy/report/junit";
import { writeMarkdown } from "../../policy/report/markdown";
import type { PolicyReport } from "../../policy/report/model";
import { findingLocator, type FindingLocation } from "../../policy/report/findingLocation";
import { writeSarif } from "../../policy/report/sarif";
import type { Check, Finding } from "../../policy/types";
import { writeText } from "../../policy/report/text";
import { runPolicyCheck, type RunPolicyOptions } from "../../policy/run";
import type { CliContext, CommandResult } from "../context";
import { tenantLookup } from "../tenantsFor";

export const REPORT_FORMATS = ["text", "json", "sarif", "junit", "markdown"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The flags that choose what `policy check`, `evidence` and `check` evaluate. */
export interface PolicySourceOptions {
  readonly stackExport?: string;
  readonly previewJson?: string;
  readonly stack?: string;
  readonly tenants?: string;
  readonly config?: string;
  readonly suppressions?: string;
  /** Check the deployed account (`--live`), in `region` (default: the plan's regions) with `profile`. */
  readonly live?: boolean;
  readonly region?: string;
  readonly profile?: string;
}

export interface PolicyCheckOptions extends PolicySourceOptions {
  readonly format: ReportFormat;
  readonly out?: string;
}

/** The flags as options for runPolicyCheck (only those given). */
export function policyRunOptions(opts: PolicySourceOptions, ctx: CliContext): RunPolicyOptions {
  if (opts.live !== true && (opts.region !== undefined || opts.profile !== undefined)) {
    throw usageError("E_USAGE", `${opts.region !== undefined ? "--region" : "--profile"} applies only with --live (reading the deployed account)`);
  }
  return {
    cwd: ctx.cwd,
    clock: ctx.clock,
    ...(opts.stackExport !== undefined ? { stackExport: opts.stackExport } : {}),
    ...(opts.previewJson !== undefined ? { previewJson: opts.previewJson } : {}),
    ...(opts.stack !== undefined ? { stack: opts.stack } : {}),
    ...(opts.tenants !== undefined ? { tenantsDir: opts.tenants } : {}),
    ...(opts.config !== undefined ? { config: opts.config } : {}),
    ...(opts.suppressions !== undefined ? { suppressions: opts.suppressions } : {}),
    ...(opts.live === true
      ? { live: { ...(opts.region !== undefined ? { region: opts.region } : {}), ...(opts.profile !== undefined ? { profile: opts.profile } : {}), env: ctx.env } }
      : {}),
  };
}

/** The rules a report's findings come from: the checks, plus drift and collection rules for a live report. */
export function reportRules(report: PolicyReport): readonly Check[] {
  return report.source.kind === "live" ? [...ALL_CHECKS, ...LIVE_RULES] : ALL_CHECKS;
}

/** One line on what a live run read and found different (nothing for other sources). */
export function liveLine(report: PolicyReport): string | undefined {
  const live = (report as PolicyReport & { live?: LiveSummary }).live;
  if (live === undefined) return undefined;
  const d = live.drift;
  const read = Object.values(live.resources).reduce((a, b) => a + b, 0);
  return [
    `live: account ${live.accountId ?? "(unknown)"}, ${live.regions.join(", ")}: ${read} resources read, ${live.errors} collection error(s)`,
    `drift: ${d.compared} resources compared (plan${report.source.file !== undefined ? ", stack export" : ""}, account): ${d.missing} missing, ${d.unexpected} unexpected, ${d.property} differing properties${d.skipped.length > 0 ? `; not compared (listing failed): ${d.skipped.join(", ")}` : ""}`,
  ].join("\n");
}

/** Renders a report in one of the formats. */
export function renderReport(report: PolicyReport, format: ReportFormat, tenantsDir = "tenants", locate?: (f: Finding) => FindingLocation | undefined): string {
  const ctx = { checks: reportRules(report), toolVersion: toolVersion() };
  switch (format) {
    case "text":
      return [liveLine(report), writeText(report)].filter((x) => x !== undefined).join("\n");
    case "json":
      return writeJson(report);
    case "sarif":
      return JSON.stringify(writeSarif(report, ctx, { tenantsDir, ...(locate !== undefined ? { locate } : {}) }), null, 2) + "\n";
    case "junit":
      return writeJunit(report, ctx);
    case "markdown":
      return writeMarkdown(report);
  }
}

/**
 * `policy check`: every check over the offline plan (default), a stack export / checkpoint, or preview JSON.
 * Exit 1 when a mandatory check fails; advisory failures are shown but pass.
 */
export async function policyCheck(opts: PolicyCheckOptions, ctx: CliContext): Promise<CommandResult<PolicyReport>> {
  const { report, source } = await runPolicyCheck(policyRunOptions(opts, ctx));
  const tenantsDir = opts.tenants ?? "tenants";
  const rendered = renderReport(report, opts.format, tenantsDir, findingLocator(source.records, tenantLookup(ctx, tenantsDir), tenantsDir));
  if (opts.out !== undefined) {
    const path = isAbsolute(opts.out) ? opts.out : resolve(ctx.cwd, opts.out);
    if (existsSync(path) && statSync(path).isDirectory()) throw usageError("E_USAGE", `--out ${opts.out} is a folder; expected the report's file name`);
    // not mkdirSync's {recursive}: it spins forever under /proc (see src/evidence/fsPort.ts)
    makeDirs(nodeBundleFs, dirname(path));
    writeFileSync(path, rendered);
  }
  return {
    data: report,
    exitCode: report.mandatoryFailed ? ExitCode.findings : ExitCode.ok,
    text: () => (opts.out === undefined ? rendered : `${renderReport(report, "text")}\nwrote ${opts.format} report to ${opts.out}`),
  };
}
