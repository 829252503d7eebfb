import { appendFileSync } from "node:fs";
import { resolve } from "node:path";
import { closest } from "../../config/schemaIssues";
import { ExitCode, usageError } from "../../core/errors";
import { generateKey, keyRecord, type KeyEnvironment, type KeyRecord } from "../../keys";
import { loadTenantsOrThrow, tenantFsAt, type KeyScope, type Tenant } from "../../tenants";
import type { CliContext, CommandResult } from "../context";

export interface KeysNewOptions {
  readonly tenant: string;
  readonly agent: string;
  readonly scopes?: readonly string[];
  readonly environment: string;
  readonly tenants: string;
  readonly records?: string;
}

export interface KeysNewResult {
  readonly key: string;
  readonly record: KeyRecord;
}

const didYouMean = (word: string, known: readonly string[]) => {
  const near = closest(word, known);
  return near === undefined ? `expected one of: ${known.join(", ") || "(none)"}` : `did you mean "${near}"?`;
};

/** The tenant's agent entry and the scopes asked for, checked against the tenant file: every problem, exit 2. */
export function checkAgentScopes(tenant: Tenant, agent: string, scopes: readonly string[] | undefined): readonly KeyScope[] {
  const entry = tenant.keys.find((k) => k.agent === agent);
  if (entry === undefined) {
    const agents = tenant.keys.map((k) => k.agent);
    throw usageError(
      "E_KEY_AGENT",
      `--agent ${agent}: tenant ${tenant.id} has no agent "${agent}" under keys: in ${tenant.file}; ${didYouMean(agent, agents)}`,
      "add the agent and its scopes to the tenant file in a pull request first",
    );
  }
  if (scopes === undefined || scopes.length === 0) return entry.scopes;
  const wanted = [...new Set(scopes.flatMap((s) => s.split(",")).map((s) => s.trim()).filter((s) => s !== ""))];
  const outside = wanted.filter((s) => !(entry.scopes as readonly string[]).includes(s));
  if (outside.length > 0) {
    throw usageError(
      "E_KEY_SCOPES",
      `--scopes: agent ${agent} of tenant ${tenant.id} may have only ${entry.scopes.join(", ")} (${tenant.file}); not ${outside.join(", ")}`,
    );
  }
  return wanted as KeyScope[];
}

/**
 * `keys new --tenant <id> --agent <name> [--scopes …]`: a new key, shown once, and the record to store (hash, last 4,
 * owner, scopes, times). The agent and scopes must be those of the tenant file's `keys:`.
 */
export async function keysNew(opts: KeysNewOptions, ctx: CliContext): Promise<CommandResult<KeysNewResult>> {
  if (opts.environment !== "live" && opts.environment !== "test") throw usageError("E_USAGE", `--env ${opts.environment}: expected live or test`);
  const tenants = loadTenantsOrThrow([opts.tenants], tenantFsAt(ctx.cwd));
  const tenant = tenants.find((t) => t.id === opts.tenant);
  if (tenant === undefined) throw usageError("E_TENANT_UNKNOWN", `--tenant ${opts.tenant}: no such tenant in ${opts.tenants}; ${didYouMean(opts.tenant, tenants.map((t) => t.id))}`);
  const scopes = checkAgentScopes(tenant, opts.agent, opts.scopes);
  const key = generateKey(opts.environment as KeyEnvironment);
  const record = keyRecord(key, { tenant: tenant.id, agent: opts.agent, scopes }, ctx.clock);
  if (opts.records !== undefined) appendFileSync(resolve(ctx.cwd, opts.records), JSON.stringify(record) + "\n", { mode: 0o600 });
  return {
    data: { key, record },
    exitCode: ExitCode.ok,
    text: () =>
      [
        `key (shown once; store it in the agent's secret store now): ${key}`,
        `tenant ${record.tenant}, agent ${record.agent}, scopes ${record.scopes.join(", ")}`,
        `last 4: ${record.last4}   sha256: ${record.sha256}   created: ${record.createdAt}`,
        opts.records === undefined ? "record (store this, never the key):" : `record appended to ${opts.records}:`,
        JSON.stringify(record),
      ].join("\n"),
  };
}
