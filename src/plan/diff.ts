import type { ResourceRecord } from "../core/resource";
import { ResourceTypes } from "../infra/model";
import { SECRET_PLACEHOLDER } from "./result";

/** One property that differs: its path (`tags.plan`, `policy{json}.Statement[2].Sid`), the old and the new value. Absent = undefined. */
export interface PropertyChange {
  readonly path: string;
  readonly old?: unknown;
  readonly new?: unknown;
}

export const RESOURCE_ACTIONS = ["create", "update", "delete"] as const;
export type ResourceAction = (typeof RESOURCE_ACTIONS)[number];

export interface ResourceChange {
  readonly action: ResourceAction;
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly tenant?: string;
  /** Created and deleted resources: their inputs (secrets masked); updated ones: what changed. */
  readonly props?: Record<string, unknown>;
  readonly changes?: readonly PropertyChange[];
  /** An update that AWS cannot make in place (another region, another name): the old resource goes, a new one comes. */
  readonly replaces?: boolean;
}

/**
 * Inputs that name what AWS cannot change on an existing resource: a resource lives in one region, and these
 * services have no rename (a log group, configuration set, identity, SES tenant or topic is its name; a KMS key's
 * spec and usage are fixed at creation). Changing one means a new resource and the old one deleted.
 */
const IMMUTABLE: Readonly<Record<string, readonly string[]>> = {
  [ResourceTypes.logGroup]: ["name"],
  [ResourceTypes.configurationSet]: ["configurationSetName"],
  [ResourceTypes.emailIdentity]: ["emailIdentity"],
  [ResourceTypes.sesTenant]: ["tenantName"],
  [ResourceTypes.snsTopic]: ["name"],
  [ResourceTypes.kmsKey]: ["customerMasterKeySpec", "keyUsage"],
  [ResourceTypes.kmsAlias]: ["name"],
};

/** Whether an update replaces the resource (see IMMUTABLE; `region` for every AWS resource). */
export function replaces(type: string, changes: readonly PropertyChange[]): boolean {
  const fixed = IMMUTABLE[type] ?? [];
  return changes.some((c) => {
    const top = c.path.split(/[.[{]/)[0]!;
    return (type.startsWith("aws:") && top === "region") || fixed.includes(top);
  });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A key policy is a JSON document in a string: compare inside it, so a one-statement change is one line. */
function jsonObject(v: unknown): Record<string, unknown> | undefined {
  if (typeof v !== "string" || !v.startsWith("{")) return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    return isPlainObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);
const join = (path: string, key: string): string => (path === "" ? key : `${path}.${key}`);

/** The properties that differ between two input objects, leaf by leaf (arrays of scalars compare whole). Pure. */
export function propertyChanges(old: unknown, now: unknown, path = ""): PropertyChange[] {
  if (same(old, now)) return [];
  if (isPlainObject(old) && isPlainObject(now)) {
    const keys = [...new Set([...Object.keys(old), ...Object.keys(now)])].sort();
    return keys.flatMap((k) => propertyChanges(old[k], now[k], join(path, k)));
  }
  if (Array.isArray(old) && Array.isArray(now) && old.length === now.length && old.some(isPlainObject)) {
    return old.flatMap((v, i) => propertyChanges(v, now[i], `${path}[${i}]`));
  }
  const oldJson = jsonObject(old);
  const newJson = jsonObject(now);
  if (oldJson !== undefined && newJson !== undefined) return propertyChanges(oldJson, newJson, `${path}{json}`);
  return [{ path, ...(old === undefined ? {} : { old }), ...(now === undefined ? {} : { new: now }) }];
}

/** Inputs as a diff may show them: secrets stay "[secret]", and a sensitive Vercel variable's value is never shown. */
export function maskedProps(r: ResourceRecord): Record<string, unknown> {
  if (r.type === ResourceTypes.vercelProjectEnvironmentVariable && r.props.sensitive === true && r.props.value !== undefined) {
    return { ...r.props, value: SECRET_PLACEHOLDER };
  }
  return r.props;
}

/**
 * What changes from `base` to `head` (records of one stack, keyed by URN): created, updated (with the properties
 * that differ) and deleted resources, in head order then the deletions in base order. Pure.
 */
export function diffRecords(base: readonly ResourceRecord[], head: readonly ResourceRecord[]): ResourceChange[] {
  const before = new Map(base.map((r) => [r.urn, r]));
  const seen = new Set<string>();
  const out: ResourceChange[] = [];
  const id = (r: ResourceRecord) => ({ urn: r.urn, type: r.type, name: r.name, ...(r.tenant === undefined ? {} : { tenant: r.tenant }) });
  for (const r of head) {
    seen.add(r.urn);
    const old = before.get(r.urn);
    if (old === undefined) {
      out.push({ action: "create", ...id(r), props: maskedProps(r) });
      continue;
    }
    const changes = propertyChanges(maskedProps(old), maskedProps(r));
    if (changes.length > 0) out.push({ action: "update", ...id(r), changes, ...(replaces(r.type, changes) ? { replaces: true, props: maskedProps(old) } : {}) });
  }
  for (const r of base) if (!seen.has(r.urn)) out.push({ action: "delete", ...id(r), props: maskedProps(r) });
  return out;
}

/** Why deleting a resource deserves a loud warning; undefined when it does not. */
export function destructionWarning(c: Pick<ResourceChange, "type" | "name" | "props">): string | undefined {
  const p = c.props ?? {};
  switch (c.type) {
    case ResourceTypes.logGroup: {
      const name = String(p.name ?? c.name);
      const kept = typeof p.retentionInDays === "number" && p.retentionInDays > 0 ? `kept ${p.retentionInDays} days` : "kept without expiry";
      const what = name.endsWith("/audit") ? "audit logs" : "log events";
      const promise = name.endsWith("/audit") ? " — the security page promises audit logs are retained for 1 year" : "";
      return `log group ${name}: deleting it deletes its ${what} (${kept})${promise}`;
    }
    case ResourceTypes.kmsKey: {
      const days = typeof p.deletionWindowInDays === "number" ? p.deletionWindowInDays : 30;
      return `KMS key ${c.name}: scheduled for deletion after ${days} days; whatever it encrypts (retained logs, topic messages) becomes unreadable once it is gone`;
    }
    case ResourceTypes.configurationSet:
      return `SES configuration set ${String(p.configurationSetName ?? c.name)}: sending through it stops`;
    case ResourceTypes.emailIdentity:
      return `SES identity ${String(p.emailIdentity ?? c.name)}: the domain's verification and DKIM keys are lost`;
    case ResourceTypes.sesTenant:
      return `SES tenant ${String(p.tenantName ?? c.name)}: its reputation isolation ends`;
    default:
      return undefined;
  }
}
