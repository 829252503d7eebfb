import * as pulumi from "@pulumi/pulumi";
import { DiagnosticsError } from "../config/diagnostics";
import { usageError } from "../core/errors";
import { loadTenantsOrThrow, tenantFsAt, type Tenant } from "../tenants";
import { PlatformComponent } from "./platformComponent";
import { stackSettings, type StackSettings } from "./settings";
import { stackPartitionRule, tenantPartitionRule } from "./stackRules";
import { selectShard } from "./stackModel";
import { TenantComponent } from "./tenantComponent";

export interface DeclaredStack {
  readonly platform?: PlatformComponent;
  readonly tenants: readonly TenantComponent[];
}

/** Declares the stack: the platform component (in the platform stack only) and one component per tenant of the shard. */
export function declareStack(tenants: readonly Tenant[], settings: StackSettings): DeclaredStack {
  const config = new pulumi.Config();
  const platform = settings.platform
    ? new PlatformComponent("platform", {
        settings: { region: settings.region, domain: settings.platformDomain, vercelTeamId: settings.vercelTeamId },
        env: settings.env,
        secrets: (key) => config.requireSecret(key),
      })
    : undefined;
  const components = selectShard(tenants, settings).map((tenant) => new TenantComponent(tenant.id, { tenant, env: settings.env }));
  return { platform, tenants: components };
}

/** Stack settings from the running stack's config; bad config is a usage error naming every problem. */
export function settingsFromRuntime(): StackSettings {
  const { settings, problems } = stackSettings(pulumi.runtime.allConfig());
  if (settings === undefined) {
    throw usageError("E_STACK_CONFIG", `stack ${pulumi.getStack()}: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
  }
  return settings;
}

/** The program: read the stack config, load and validate the tenants once, declare everything. */
export function runStack(cwd: string = process.cwd()): DeclaredStack & { settings: StackSettings; shardTenants: string[] } {
  const settings = settingsFromRuntime();
  const tenants = loadTenantsOrThrow([settings.tenantsDir], tenantFsAt(cwd));
  // What AWS would refuse or never match, before anything is declared (tenants validate and check report it located).
  const stack = pulumi.getStack();
  const forRules = { stack, file: `Pulumi.${stack}.yaml`, settings, at: () => ({ line: 1, col: 1 }) };
  const refused = [...stackPartitionRule(forRules), ...tenantPartitionRule(forRules, tenants)];
  if (refused.length > 0) throw new DiagnosticsError(refused, `stack ${stack}`);
  const declared = declareStack(tenants, settings);
  return { ...declared, settings, shardTenants: selectShard(tenants, settings).map((t) => t.id) };
}
