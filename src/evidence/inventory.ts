import type { ResourceRecord } from "../core/resource";
import { countByStatus, type Finding } from "../policy/types";
import type { Tenant } from "../tenants";
import { tenantNames } from "../tenants/names";

export interface TenantInventoryRow {
  readonly tenant: string;
  readonly name: string;
  readonly plan: string;
  readonly region: string;
  readonly domains: readonly string[];
  readonly configurationSet: string;
  readonly kmsAlias: string;
  readonly logGroups: readonly string[];
  readonly retentionDays: number | "";
  readonly resources: number;
  readonly pass: number;
  readonly fail: number;
  readonly error: number;
  readonly manual: number;
  readonly suppressed: number;
}

/**
 * Every tenant in the evaluated resources (and every tenant file given), with its isolation resources and its
 * findings. Tenant files add the display name, plan and domains; without them those come from the resources.
 */
export function tenantInventory(records: readonly ResourceRecord[], findings: readonly Finding[], tenants: readonly Tenant[] = []): TenantInventoryRow[] {
  const group = <T extends { tenant?: string }>(list: readonly T[]) => {
    const m = new Map<string, T[]>();
    for (const x of list) {
      if (x.tenant === undefined) continue;
      const l = m.get(x.tenant);
      if (l === undefined) m.set(x.tenant, [x]);
      else l.push(x);
    }
    return m;
  };
  const recordsOf = group(records);
  const findingsOf = group(findings);
  const byId = new Map(tenants.map((t) => [t.id, t]));
  const ids = new Set<string>([...byId.keys(), ...recordsOf.keys()]);
  return [...ids].sort().map((id) => {
    const t = byId.get(id);
    const mine = recordsOf.get(id) ?? [];
    const names = t?.names ?? tenantNames(id);
    const fromRecords = (type: string, key: string) =>
      mine.filter((r) => r.type === type).map((r) => r.props[key]).filter((v): v is string => typeof v === "string");
    const retention = mine.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup" && typeof r.props.retentionInDays === "number")?.props.retentionInDays as number | undefined;
    const counts = countByStatus(findingsOf.get(id) ?? []);
    return {
      tenant: id,
      name: t?.name ?? "",
      plan: t?.plan ?? "",
      region: t?.region ?? (mine.map((r) => r.props.region).find((v) => typeof v === "string") as string | undefined) ?? "",
      domains: t?.sending.domains ?? fromRecords("aws:sesv2/emailIdentity:EmailIdentity", "emailIdentity"),
      configurationSet: fromRecords("aws:sesv2/configurationSet:ConfigurationSet", "configurationSetName")[0] ?? names.configurationSet,
      kmsAlias: fromRecords("aws:kms/alias:Alias", "name")[0] ?? names.kmsAlias,
      logGroups: fromRecords("aws:cloudwatch/logGroup:LogGroup", "name"),
      retentionDays: t?.audit.retentionDays ?? retention ?? "",
      resources: mine.length,
      pass: counts.pass,
      fail: counts.fail,
      error: counts.error,
      manual: counts.manual,
      suppressed: counts.suppressed,
    };
  });
}
