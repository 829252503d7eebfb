import { ExitCode } from "../../core/errors";
import { DiagnosticsError } from "../../config/diagnostics";
import { loadTenantsSince, withStackRules } from "./tenants-validate";
import type { PolicyReport } from "../../policy/report/model";
import type { Summary } from "../../policy/engine/evaluate";
import type { CliContext, CommandResult } from "../context";
import { progress } from "../context";
import { loadRunbooksForEvidence, produceEvidence, type EvidenceData } from "./evidence";

export interface CheckOptions {
  readonly out: string;
  readonly stack: string;
  readonly tenants?: string;
  readonly config?: string;
  readonly suppressions?: string;
  readonly runbooks?: string;
  /** A git ref: duplicate ids/domains are reported against the tenant files added or changed since it. */
  readonly base?: string;
}

export interface CheckData {
  readonly ok: boolean;
  readonly stack: string;
  readonly tenants: readonly string[];
  /** Validated runbook ids (empty when the project has no runbooks/ folder). */
  readonly runbooks: readonly string[];
  readonly policy: Summary;
  readonly failures: PolicyReport["findings"];
  readonly evidence: EvidenceData;
}

/**
 * The main job: validate the tenant files and runbooks → plan the stack offline → run every policy check → write the SOC 2
 * evidence bundle into `out/`. Exit 2 on invalid tenants (nothing written), 1 when a mandatory check fails, else 0.
 */
export async function check(opts: CheckOptions, ctx: CliContext): Promise<CommandResult<CheckData>> {
  progress(ctx, "validating tenants…");
  const { readStackFile } = await import("../../plan");
  const dir = opts.tenants ?? readStackFile(ctx.cwd, opts.stack).settings.tenantsDir;
  const set = withStackRules(loadTenantsSince([dir], opts.base, ctx), ctx);
  if (set.diagnostics.length > 0) throw new DiagnosticsError(set.diagnostics, "tenant files");
  progress(ctx, "validating runbooks…");
  const runbooks = loadRunbooksForEvidence(opts.runbooks, ctx);
  progress(ctx, "planning and checking…");
  const { data: evidence, report } = await produceEvidence(
    {
      out: opts.out,
      stack: opts.stack,
      ...(opts.tenants !== undefined ? { tenants: opts.tenants } : {}),
      ...(opts.config !== undefined ? { config: opts.config } : {}),
      ...(opts.suppressions !== undefined ? { suppressions: opts.suppressions } : {}),
      validatedTenants: set.tenants,
      ...(runbooks !== undefined ? { validatedRunbooks: runbooks } : {}),
    },
    ctx,
  );
  progress(ctx, "");
  const failures = report.findings.filter((f) => f.status === "fail");
  const data: CheckData = {
    ok: !report.mandatoryFailed,
    stack: report.source.stack ?? opts.stack,
    tenants: set.tenants.map((t) => t.id),
    runbooks: (runbooks ?? []).map((r) => r.id),
    policy: report.summary,
    failures,
    evidence,
  };
  return {
    data,
    exitCode: report.mandatoryFailed ? ExitCode.findings : ExitCode.ok,
    text: () => {
      const s = report.summary;
      const lines = [
        `tenants   ok: ${data.tenants.length} valid (${data.tenants.join(", ")})`,
        runbooks === undefined ? "runbooks  none (no runbooks/ folder)" : `runbooks  ok: ${data.runbooks.length} valid (${data.runbooks.join(", ")})`,
        `plan      ${s.resources} resources in stack ${data.stack}`,
        `policy    ${s.checks} checks: ${s.pass} pass, ${s.fail} fail, ${s.manual} manual, ${s.suppressed} suppressed`,
        ...failures.map((f) => `  FAIL (${f.enforcement}) ${f.policy} ${f.name}: ${f.message}`),
        `evidence  ${evidence.out}/ (${evidence.manifest.files.length + 1} files; controls: ${evidence.controls.map((c) => `${c.control} ${c.status}`).join(", ")})`,
        report.mandatoryFailed ? "FAILED: a mandatory policy check failed" : "ok",
      ];
      return lines.join("\n");
    },
  };
}
