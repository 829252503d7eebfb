import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { ExitCode, usageError } from "../../core/errors";
import { toolVersion } from "../../core/version";
import { ALL_CHECKS } from "../../policy/checks";
import { writeJson } from "../../policy/report/json";
import { writeJunit } from "../../policy/report/junit";
import { writeMarkdown } from "../../policy/report/markdown";
import type { PolicyReport } from "../../policy/report/model";
import { findingLocator, type FindingLocation } from "../../policy/report/findingLocation";
import { writeSarif } from "../../policy/report/sarif";
import type { Finding } from "../../policy/types";
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
}

export interface PolicyCheckOptions extends PolicySourceOptions {
  readonly format: ReportFormat;
  readonly out?: string;
}

/** The flags as options for runPolicyCheck (only those given). */
export function policyRunOptions(opts: PolicySourceOptions, ctx: CliContext): RunPolicyOptions {
  return {
    cwd: ctx.cwd,
    clock: ctx.clock,
    ...(opts.stackExport !== undefined ? { stackExport: opts.stackExport } : {}),
    ...(opts.previewJson !== undefined ? { previewJson: opts.previewJson } : {}),
    ...(opts.stack !== undefined ? { stack: opts.stack } : {}),
    ...(opts.tenants !== undefined ? { tenantsDir: opts.tenants } : {}),
    ...(opts.config !== undefined ? { config: opts.config } : {}),
    ...(opts.suppressions !== undefined ? { suppressions: opts.suppressions } : {}),
  };
}

/** Renders a report in one of the formats. */
export function renderReport(report: PolicyReport, format: ReportFormat, tenantsDir = "tenants", locate?: (f: Finding) => FindingLocation | undefined): string {
  const ctx = { checks: ALL_CHECKS, toolVersion: toolVersion() };
  switch (format) {
    case "text":
      return writeText(report);
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
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, rendered);
  }
  return {
    data: report,
    exitCode: report.mandatoryFailed ? ExitCode.findings : ExitCode.ok,
    text: () => (opts.out === undefined ? rendered : `${writeText(report)}\nwrote ${opts.format} report to ${opts.out}`),
  };
}
