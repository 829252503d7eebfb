import { Command } from "commander";
import type { Registrar } from "../program";

export function registerKeys(program: Command, r: Registrar): void {
  const keys = program.command("keys").description("API keys: issue one for a tenant's agent, scan files for leaked keys");

  r.action(
    keys
      .command("new")
      .description("generate an API key (shown once) and the record to store: SHA-256 hash, last 4, tenant, agent, scopes")
      .requiredOption("--tenant <id>", "tenant id (tenants/<id>.yaml)")
      .requiredOption("--agent <name>", "an agent listed under keys: in the tenant file")
      .option("--scopes <scope...>", "scopes (space- or comma-separated; default: all the agent's scopes in the tenant file)")
      .option("--env <env>", "live or test (the key's prefix emk_live_ / emk_test_)", "live")
      .option("--records <jsonl>", "append the record (never the key) to this JSON Lines file")
      .option("--tenants <dir>", "tenants folder", "tenants"),
    async () => (await import("../commands/keys-new")).keysNew,
    (_args, o) => ({
      tenant: o.tenant as string,
      agent: o.agent as string,
      scopes: o.scopes as string[] | undefined,
      environment: o.env as string,
      records: o.records as string | undefined,
      tenants: o.tenants as string,
    }),
  );

  r.action(
    keys
      .command("scan")
      .description("find API keys with a valid checksum in files, folders (recursively; skips binaries, node_modules, .git) or stdin (-); exit 1 when found")
      .argument("<paths...>", "files, folders, or - for stdin")
      .option("--records <jsonl>", "stored key records (from keys new --records): name each found key's tenant and agent")
      .option("--start-incident", "start the leaked-api-key runbook (a dry run) for each found key whose owner is known", false)
      .option("--as <name>", "who you are, for the incident (default: $EMAILMATE_OPERATOR, else your login name)")
      .option("--tenants <dir>", "tenants folder", "tenants")
      .option("--runbooks <dir>", "runbooks folder", "runbooks")
      .option("--incidents-dir <dir>", "incidents folder (default: $EMAILMATE_INCIDENTS_DIR, else .incidents)"),
    async () => (await import("../commands/keys-scan")).keysScan,
    ([paths], o) => ({
      paths: paths as string[],
      records: o.records as string | undefined,
      startIncident: o.startIncident === true,
      as: o.as as string | undefined,
      tenants: o.tenants as string,
      runbooks: o.runbooks as string,
      incidentsDir: o.incidentsDir as string | undefined,
    }),
  );
}
