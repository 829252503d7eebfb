// The Pulumi program (Pulumi.yaml `main: stacks/`): thin on purpose. Everything it declares is described in
// src/infra (tenantModel, platformModel); `emailmate-ops plan` evaluates the same description offline.
import { runStack } from "../src/infra/stack";

const stack = runStack();

/** Tenant ids this stack (shard) deploys. */
export const tenants = stack.shardTenants;
/** `<shard>/<shards>`, e.g. `0/4`. */
export const shard = `${stack.settings.tenantShard}/${stack.settings.tenantShards}`;
export const platformKeyArn = stack.platform?.keyArn;
export const platformAlertsTopicArn = stack.platform?.alertsTopicArn;
