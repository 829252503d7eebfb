import type { TenantSendingStatus } from "../aws/sesTenants";
import { tenantNames } from "../tenants/names";
import type { ExecContext, Executor } from "./executors";
import { port } from "./keyExecutors";

const opts = (ctx: ExecContext) => ({ timeoutMs: ctx.timeoutMs });

/** GetTenant, then the tenant's reputation entity (its ARN): what the tenant's sending follows. */
async function readTenant(ctx: ExecContext): Promise<Record<string, unknown>> {
  const control = port(ctx, "sesTenants");
  const tenant = await control.tenant(tenantNames(String(ctx.inputs.tenant)).sesTenant, opts(ctx));
  const entity = await control.entity(tenant.tenantArn, opts(ctx));
  return {
    tenantName: tenant.tenantName,
    tenantArn: tenant.tenantArn,
    customerManagedStatus: entity.customerManagedStatus ?? null,
    awsSesManagedStatus: entity.awsSesManagedStatus ?? null,
    sendingStatus: entity.sendingStatusAggregate ?? tenant.sendingStatus,
  };
}

function setStatus(status: (ctx: ExecContext) => TenantSendingStatus): Executor {
  return {
    async run(ctx) {
      const control = port(ctx, "sesTenants");
      const tenant = await control.tenant(tenantNames(String(ctx.inputs.tenant)).sesTenant, opts(ctx));
      await control.setStatus(tenant.tenantArn, status(ctx), opts(ctx));
      return readTenant(ctx);
    },
    async reconcile(ctx) {
      const observed = await readTenant(ctx);
      return observed.customerManagedStatus === status(ctx) ? { result: "done", outputs: observed, observed } : { result: "not-done", observed };
    },
  };
}

export const TENANT_SENDING_EXECUTORS: Record<string, Executor> = {
  "aws.ses.pauseTenant": setStatus(() => "DISABLED"),
  "aws.ses.resumeTenant": setStatus((ctx) => (ctx.inputs.status === "REINSTATED" ? "REINSTATED" : "ENABLED")),
  "aws.ses.describeTenant": {
    run: readTenant,
    async reconcile() {
      return { result: "unknown", observed: {}, reason: "a read; run it again" };
    },
  },
};
