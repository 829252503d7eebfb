import { Command, Option } from "commander";
import { usageError } from "../../core/errors";
import type { Registrar } from "../program";

const REPORT_FORMATS = ["text", "json", "sarif", "junit", "markdown"] as const;

const live = (o: Record<string, unknown>) => ({
  ...(o.live === true ? { live: true } : {}),
  ...(o.region !== undefined ? { region: o.region as string } : {}),
  ...(o.profile !== undefined ? { profile: o.profile as string } : {}),
});

/** The flags that choose what a policy run evaluates (source, stack, tenants, config, suppressions, --live), as options. */
export const policySourceShape = (o: Record<string, unknown>) => ({
  ...(o.stackExport !== undefined ? { stackExport: o.stackExport as string } : {}),
  ...(o.previewJson !== undefined ? { previewJson: o.previewJson as string } : {}),
  stack: o.stack as string,
  ...(o.tenants !== undefined ? { tenants: o.tenants as string } : {}),
  ...(o.config !== undefined ? { config: o.config as string } : {}),
  ...(o.suppressions !== undefined ? { suppressions: o.suppressions as string } : {}),
  ...live(o),
});

/** `policy check|list`, `evidence` and the main job `check`: one noun file, as they share their options. */
export function registerPolicy(program: Command, r: Registrar): void {
  const sourceOptions = (cmd: Command) =>
    cmd
      .option("--stack-export <file>", "check a `pulumi stack export` file (version 3 or 4) or a backend checkpoint instead of the plan")
      .option("--preview-json <file>", "check `pulumi preview --json` output (the planned new state) instead of the plan")
      .option("--stack <stack>", "stack to plan (Pulumi.<stack>.yaml): dev or prod", "dev")
      .option("--tenants <dir>", "tenants folder (default: the stack's tenantsDir)")
      .option("--config <file>", "policy-pack config JSON, Pulumi's format: {\"<policy>\": \"<level>\" | {\"enforcementLevel\": …, …}}")
      .option("--suppressions <file>", "suppressions YAML (default: policies/suppressions.yaml when present)")
      .option("--live", "check the deployed AWS account (read-only) and report drift from the plan and --stack-export")
      .option("--region <region>", "with --live: the region to read (default: every region the plan uses)")
      .option("--profile <name>", "with --live: the AWS profile to use (default: AWS_PROFILE or the SDK's credential chain)");

  const policy = program.command("policy").description("run the CrossGuard policy checks without the Pulumi engine");
  r.action(
    sourceOptions(policy.command("check").description("check the offline plan, a stack export or preview JSON; exit 1 when a mandatory check fails"))
      .addOption(new Option("--format <format>", "report format").choices(REPORT_FORMATS).default("text"))
      .option("--out <file>", "write the report to a file (stdout then gets the text summary)"),
    async () => (await import("../commands/policy-check")).policyCheck,
    (_args, o) => ({ ...policySourceShape(o), format: o.format as (typeof REPORT_FORMATS)[number], ...(o.out !== undefined ? { out: o.out as string } : {}) }),
  );
  r.action(
    policy.command("list").description("list the checks: id, kind, severity, enforcement, SOC 2 controls"),
    async () => (await import("../commands/policy-list")).policyList,
    () => ({}),
  );

  const evidence = sourceOptions(
    program.command("evidence").description("write the SOC 2 evidence bundle (control matrix, tenant inventory, findings, HTML, manifest) and append the run to the evidence ledger; with --period, the Type II bundle of a period from the ledger"),
  )
    .option("--out <dir>", "output folder (default: out/evidence; with --period: out/period-<from>..<to>)")
    .option("--runbooks <dir>", "incident runbooks to list as CC7.3-CC7.5 evidence (default: runbooks/ when present)")
    .option("--ledger <dir|s3://bucket/prefix>", "evidence ledger: a folder, or an S3 bucket with Object Lock", ".evidence-ledger")
    .option("--no-ledger", "do not append this run to the ledger")
    .option("--ledger-retain-days <n>", "S3 ledger: Object Lock COMPLIANCE retention of each record, in days", "730")
    .option("--sign-key <key>", "sign manifest.json with this KMS key (id, alias or ARN; ECC_NIST_P256, SIGN_VERIFY)")
    .option("--period <from..to>", "build the Type II bundle of these UTC days (both included) from the ledger, e.g. 2026-01-01..2026-12-31")
    .option("--sample <n>", "with --period: runs sampled per control for the auditor to test", "25")
    .option("--seed <seed>", "with --period: the sample's seed (recorded in the manifest; default: random)");
  r.action(
    evidence,
    async () => {
      const [{ evidence: run }, { evidencePeriod }] = await Promise.all([import("../commands/evidence"), import("../commands/evidence-period")]);
      return (o: EvidenceCliOptions, ctx) => (o.period !== undefined ? evidencePeriod(o.period, ctx) : run(o.run, ctx));
    },
    (_args, o) => evidenceOptions(policySourceShape(o), o),
  );
  r.action(
    evidence
      .command("ledger")
      .description("verify the evidence ledger's hash chain and list its runs; exit 1 naming a removed or edited record")
      .argument("[location]", "ledger folder or s3://bucket/prefix", ".evidence-ledger")
      .option("--last <n>", "runs to list (text output)", "20"),
    async () => (await import("../commands/evidence-ledger")).evidenceLedger,
    ([location], o) => ({ ledger: location as string, last: o.last as string }),
  );
  r.action(
    evidence
      .command("verify")
      .description("check an evidence bundle offline: every file's SHA-256, a period bundle's ledger chain, and the KMS signature; exit 1 naming what fails")
      .argument("<bundle>", "bundle folder (with manifest.json)")
      .option("--public-key <file>", "the signing key's public key (PEM or DER) to trust")
      .option("--key <key>", "fetch the public key to trust from KMS (GetPublicKey) instead")
      .option("--in-ledger <dir|s3://bucket/prefix>", "also require a run recorded in this ledger to have produced the bundle"),
    async () => (await import("../commands/evidence-verify")).evidenceVerify,
    ([dir], o) => ({
      dir: dir as string,
      ...(o.publicKey !== undefined ? { publicKey: o.publicKey as string } : {}),
      ...(o.key !== undefined ? { key: o.key as string } : {}),
      ...(o.inLedger !== undefined ? { ledger: o.inLedger as string } : {}),
    }),
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
      .option("--runbooks <dir>", "incident runbooks to validate and list as evidence (default: runbooks/ when present)")
      .option("--ledger <dir|s3://bucket/prefix>", "append this run to the evidence ledger (a folder, or an S3 bucket with Object Lock)")
      .option("--ledger-retain-days <n>", "S3 ledger: Object Lock COMPLIANCE retention of each record, in days", "730")
      .option("--sign-key <key>", "sign the evidence manifest with this KMS key (id, alias or ARN; ECC_NIST_P256)")
      .option("--live", "check the deployed AWS account (read-only) instead of the plan, and report drift (plan / --stack-export / account)")
      .option("--stack-export <file>", "with --live: the deployed state (`pulumi stack export`) as drift's third source")
      .option("--region <region>", "with --live: the region to read (default: every region the plan uses)")
      .option("--profile <name>", "with --live: the AWS profile to use")
      .option("--base <ref>", "git ref of the pull request's base: duplicate tenant ids/domains are reported against the files changed since it"),
    async () => (await import("../commands/check")).check,
    (_args, o) => ({
      out: o.out as string,
      stack: o.stack as string,
      ...(o.tenants !== undefined ? { tenants: o.tenants as string } : {}),
      ...(o.config !== undefined ? { config: o.config as string } : {}),
      ...(o.suppressions !== undefined ? { suppressions: o.suppressions as string } : {}),
      ...(o.runbooks !== undefined ? { runbooks: o.runbooks as string } : {}),
      ...(o.ledger !== undefined ? { ledger: o.ledger as string, ledgerRetainDays: retainDays(o) } : {}),
      ...(o.signKey !== undefined ? { signKey: o.signKey as string } : {}),
      ...(o.stackExport !== undefined ? { stackExport: o.stackExport as string } : {}),
      ...live(o),
      ...(o.base !== undefined ? { base: o.base as string } : {}),
    }),
  );
}

interface EvidenceCliOptions {
  readonly run: import("../commands/evidence").EvidenceOptions;
  readonly period?: import("../commands/evidence-period").EvidencePeriodOptions;
}

function evidenceOptions(shared: Omit<import("../commands/evidence").EvidenceOptions, "out">, o: Record<string, unknown>): EvidenceCliOptions {
  const str = (k: string) => (o[k] !== undefined ? (o[k] as string) : undefined);
  if (o.period !== undefined) {
    for (const [flag, key] of [["--stack-export", "stackExport"], ["--preview-json", "previewJson"], ["--runbooks", "runbooks"], ["--config", "config"], ["--suppressions", "suppressions"]] as const) {
      if (o[key] !== undefined) throw usageError("E_USAGE", `${flag} cannot be used with --period (a period bundle is built from the ledger)`);
    }
    if (o.ledger === false) throw usageError("E_USAGE", "--no-ledger cannot be used with --period (a period bundle is built from the ledger)");
  }
  const ledger = o.ledger === false ? undefined : (o.ledger as string);
  return {
    run: {
      ...shared,
      out: str("out") ?? "out/evidence",
      ...(str("runbooks") !== undefined ? { runbooks: str("runbooks") } : {}),
      ...(ledger !== undefined ? { ledger, ledgerRetainDays: retainDays(o) } : {}),
      ...(str("signKey") !== undefined ? { signKey: str("signKey") } : {}),
    },
    ...(o.period !== undefined
      ? {
          period: {
            period: o.period as string,
            ledger: ledger as string,
            sample: o.sample as string,
            ...(str("out") !== undefined ? { out: str("out") } : {}),
            ...(str("seed") !== undefined ? { seed: str("seed") } : {}),
            ...(str("signKey") !== undefined ? { signKey: str("signKey") } : {}),
          },
        }
      : {}),
  };
}

function retainDays(o: Record<string, unknown>): number {
  const retain = String(o.ledgerRetainDays);
  if (!/^\d+$/.test(retain) || Number(retain) < 1 || Number(retain) > 36_500) {
    throw usageError("E_USAGE", `--ledger-retain-days expects a whole number of days from 1 to 36500, got ${JSON.stringify(retain)}`);
  }
  return Number(retain);
}
