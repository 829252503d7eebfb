import { usageError } from "../core/errors";
import type { Tenant } from "../tenants";
import { PLATFORM_TENANT } from "./event";

/** Plans whose customers may export their audit logs (the security page: "exportable for customers on paid plans"). */
export const EXPORT_PLANS = ["pro", "enterprise"] as const;

/** The tenant with this id, or a usage error (exit 2) listing the known ids. */
export function findTenant(tenants: readonly Tenant[], id: string): Tenant {
  const tenant = tenants.find((t) => t.id === id);
  if (tenant === undefined) {
    const known = tenants.map((t) => t.id).join(", ") || "none";
    throw usageError("E_TENANT_UNKNOWN", `unknown tenant ${JSON.stringify(id)} (known: ${known})`);
  }
  return tenant;
}

/** The tenant, if it may export its audit log; free-plan tenants get a usage error (exit 2). */
export function exportableTenant(tenants: readonly Tenant[], id: string): Tenant {
  if (id === PLATFORM_TENANT) throw usageError("E_EXPORT_TENANT", `audit exports are per tenant; "${PLATFORM_TENANT}" is not a tenant`);
  const tenant = findTenant(tenants, id);
  if (!(EXPORT_PLANS as readonly string[]).includes(tenant.plan)) {
    throw usageError(
      "E_EXPORT_PLAN",
      `tenant ${tenant.id} is on the ${tenant.plan} plan: audit-log exports are for paid plans (${EXPORT_PLANS.join(", ")})`,
      `upgrade the plan in ${tenant.file} first`,
    );
  }
  return tenant;
}

/** Parses an ISO 8601 date or date-time given on the command line (UTC when no offset is given). */
export function parseInstant(flag: string, value: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/.exec(value);
  const text = m && /T/.test(value) && !/(Z|[+-]\d{2}:\d{2})$/.test(value) ? value + "Z" : value;
  // Date.parse rolls 2026-02-30 over to March 2: the day must exist in its month.
  const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  const onCalendar = m !== null && day !== undefined && day.getUTCMonth() === Number(m[2]) - 1 && day.getUTCDate() === Number(m[3]);
  const ms = onCalendar ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw usageError("E_USAGE", `${flag} expects an ISO 8601 date or date-time such as 2026-11-01 or 2026-11-01T00:00:00Z, got ${JSON.stringify(value)}`);
  return new Date(ms);
}
