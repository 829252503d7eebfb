import type { Tenant } from "../tenants";
import type { ComponentModel } from "./model";
import { platformModel } from "./platformModel";
import type { StackSettings } from "./settings";
import { shardOf } from "./shard";
import { tenantModel } from "./tenantModel";

/** The tenants this stack's shard deploys, in id order. */
export function selectShard(tenants: readonly Tenant[], settings: Pick<StackSettings, "tenantShards" | "tenantShard">): Tenant[] {
  return tenants.filter((t) => shardOf(t.id, settings.tenantShards) === settings.tenantShard);
}

/** Every component the stack declares: the platform (when this stack holds it), then one per tenant of the shard. Pure. */
export function stackModel(tenants: readonly Tenant[], settings: StackSettings): ComponentModel[] {
  const components: ComponentModel[] = [];
  if (settings.platform) {
    components.push(platformModel({ region: settings.region, domain: settings.platformDomain, vercelTeamId: settings.vercelTeamId }, settings.env));
  }
  for (const tenant of selectShard(tenants, settings)) components.push(tenantModel(tenant, settings.env));
  return components;
}
