import { Command, Option } from "commander";
import type { Registrar } from "../program";

const REPORT_FORMATS = ["text", "json", "sarif", "junit", "markdown"] as const;

/** `policy check|list`, `evidence` and the main job `check`: one noun file, as they share their options. */
export function registerPolicy(program: Command, r: Registrar): void {
  const sourceOptions = (cmd: Command) =>
    cmd
      .option("--stack-export <file>", "check a `pulumi stack export` file (version 3 or 4) or a backend checkpoint instead of the plan")
      .option("--preview-json <file>", "check `pulumi preview --json` output (the planned new state) instead of the plan")
      .option("--stack <stack>", "stack to plan (Pulumi.<stack>.yaml): dev or prod", "dev")
      .option("--tenants <dir>", "tenants folder (default: the stack's tenantsDir)")
      .option("--config <file>", "policy-pack config JSON, Pulumi's format: {\"<policy>\": \"<level>\" | {\"enforcementLevel\": …, …}}")
      .option("--suppressions <file>", "suppressions YAML (default: policies/suppressions.yaml when present)");
  const shared = (o: Record<string, unknown>) => ({
    ...(o.stackExport !== undefined ? { stackExport: o.stackExport as string } : {}),
    ...(o.previewJson !== undefined ? { previewJson: o.previewJson as string } : {}),
    stack: o.stack as string,
    ...(o.tenants !== undefined ? { tenants: o.tenants as string } : {}),
    ...(o.config !== undefined ? { config: o.config as string } : {}),
    ...(o.suppressions !== undefined ? { suppressions: o.suppressions as string } : {}),
  });

  const policy = program.command("policy").description("run the CrossGuard policy checks without the Pulumi engine");
  r.action(
    sourceOptions(policy.command("check").description("check the offline plan, a stack export or preview JSON; exit 1 when a mandatory check fails"))
      .addOption(new Option("--format <format>", "report format").choices(REPORT_FORMATS).default("text"))
      .option("--out <file>", "write the report to a file (stdout then gets the text summary)"),
    async () => (await import("../commands/policy-check")).policyCheck,
    (_args, o) => ({ ...shared(o), format: o.format as (typeof REPORT_FORMATS)[number], ...(o.out !== undefined ? { out: o.out as string } : {}) }),
  );
  r.action(
    policy.command("list").description("list the checks: id, kind, severity, enforcement, SOC 2 controls"),
    async () => (await import("../commands/policy-list")).policyList,
    () => ({}),
  );

  r.action(
    sourceOptions(program.command("evidence").description("write the SOC 2 evidence bundle (control matrix, tenant inventory, findings, HTML, manifest)")).option(
      "--out <dir>",
      "output folder",
      "out/evidence",
    ).option("--runbooks <dir>", "incident runbooks to list as CC7.3-CC7.5 evidence (default: runbooks/ when present)"),
    async () => (await import("../commands/evidence")).evidence,
    (_args, o) => ({ ...shared(o), out: o.out as string, ...(o.runbooks !== undefined ? { runbooks: o.runbooks as string } : {}) }),
  );

  r.action(
    program
      .command("check")
      .description("the main job: validate tenants and runbooks → plan → policy check → SOC 2 evidence into out/")
      .option("--stack <stack>", "stack to plan (Pulumi.<stack>.yaml): dev, prod or a shard such as prod-2 (only that shard's tenants are planned and checked)", "dev")
      .option("--tenants <dir>", "tenants folder (default: the stack's tenantsDir)")
      .option("--out <dir>", "evidence folder", "out")
      .option("--config <file>", "policy-pack config JSON (Pulumi's format)")
      .option("--suppressions <file>", "suppressions YAML (default: policies/suppressions.yaml when present)")
      .option("--runbooks <dir>", "incident runbooks to validate and list as evidence (default: runbooks/ when present)"),
    async () => (await import("../commands/check")).check,
    (_args, o) => ({
      out: o.out as string,
      stack: o.stack as string,
      ...(o.tenants !== undefined ? { tenants: o.tenants as string } : {}),
      ...(o.config !== undefined ? { config: o.config as string } : {}),
      ...(o.suppressions !== undefined ? { suppressions: o.suppressions as string } : {}),
      ...(o.runbooks !== undefined ? { runbooks: o.runbooks as string } : {}),
    }),
  );
}
