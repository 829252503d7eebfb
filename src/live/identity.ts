import type { ResourceRecord } from "../core/resource";
import { LIVE_TYPES } from "./records";

/** Resource types the live collectors read, so the only ones drift compares. */
export const COMPARED_TYPES: ReadonlySet<string> = new Set(Object.values(LIVE_TYPES));

/** A source's resources by their identity (what a resource is, whatever the source calls it), and its references. */
export interface Identified {
  /** `<region>|<kind>:<natural name>` → record. */
  readonly byIdentity: Map<string, ResourceRecord>;
  /** ARNs and ids of keys, configuration sets, identities and SES tenants → `«identity»`, to compare references. */
  readonly refs: Map<string, string>;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const tail = (arn: string) => arn.slice(Math.max(arn.lastIndexOf("/"), arn.lastIndexOf(":")) + 1);

/**
 * Names each resource of a compared type by what it is in the account: a log group, topic, configuration set,
 * identity, SES tenant or alias by its name; a KMS key by the alias that points at it (or, without one, by its id);
 * an association by its SES tenant and the name of the resource it associates. Works for the plan, a stack export
 * and live records alike. Pure.
 */
export function identify(records: readonly ResourceRecord[], defaultRegion: string): Identified {
  const byIdentity = new Map<string, ResourceRecord>();
  const refs = new Map<string, string>();
  const regionOf = (r: ResourceRecord) => str(r.props.region) ?? defaultRegion;
  const merged = new Map<ResourceRecord, Record<string, unknown>>();
  const out = (r: ResourceRecord) => {
    let o = merged.get(r);
    if (o === undefined) merged.set(r, (o = r.outputs === undefined ? r.props : { ...r.props, ...r.outputs }));
    return o;
  };
  const relevant = records.filter((r) => COMPARED_TYPES.has(r.type));

  const keyIdsOf = (r: ResourceRecord) => [str(out(r).arn), str(out(r).keyId), str(out(r).id), r.id].filter((x): x is string => x !== undefined);
  const keyByRef = new Map<string, ResourceRecord>();
  for (const r of relevant) if (r.type === LIVE_TYPES.keys) for (const k of keyIdsOf(r)) keyByRef.set(k, r);
  const keyAlias = new Map<ResourceRecord, string>();
  for (const r of relevant) {
    if (r.type !== LIVE_TYPES.aliases) continue;
    const target = str(r.props.targetKeyId);
    const key = target === undefined ? undefined : keyByRef.get(target);
    const name = str(r.props.name);
    if (key !== undefined && name !== undefined && (keyAlias.get(key) === undefined || name < keyAlias.get(key)!)) keyAlias.set(key, name);
  }

  const nameOf = (r: ResourceRecord): string | undefined => {
    switch (r.type) {
      case LIVE_TYPES.keys: {
        const alias = keyAlias.get(r);
        return alias !== undefined ? `key:${alias}` : `key:id:${str(out(r).keyId) ?? r.id ?? r.urn}`;
      }
      case LIVE_TYPES.aliases:
        return `alias:${str(r.props.name) ?? r.urn}`;
      case LIVE_TYPES.logGroups:
        return `logGroup:${str(r.props.name) ?? r.urn}`;
      case LIVE_TYPES.topics:
        return `topic:${str(r.props.name) ?? r.urn}`;
      case LIVE_TYPES.configurationSets:
        return `configurationSet:${str(r.props.configurationSetName) ?? r.urn}`;
      case LIVE_TYPES.sesTenants:
        return `sesTenant:${str(r.props.tenantName) ?? r.urn}`;
      case LIVE_TYPES.identities:
        return `identity:${str(r.props.emailIdentity) ?? r.urn}`;
      case LIVE_TYPES.associations: {
        const arn = str(r.props.resourceArn);
        return `association:${str(r.props.tenantName) ?? "?"}→${arn === undefined ? "?" : tail(arn)}`;
      }
      default:
        return undefined;
    }
  };

  for (const r of relevant) {
    const name = nameOf(r);
    if (name === undefined) continue;
    const id = `${regionOf(r)}|${name}`;
    byIdentity.set(id, r);
    const mark = `«${name}»`;
    if (r.type === LIVE_TYPES.keys) for (const k of keyIdsOf(r)) refs.set(k, mark);
    else if (r.type !== LIVE_TYPES.associations) for (const v of [str(out(r).arn)]) if (v !== undefined) refs.set(v, mark);
  }
  // An alias used as a key reference (kmsMasterKeyId: alias/…) means its key.
  const aliasArn = new Map(relevant.filter((a) => a.type === LIVE_TYPES.aliases).map((a) => [str(a.props.name), str(out(a).arn)]));
  for (const alias of keyAlias.values()) for (const v of [alias, aliasArn.get(alias)]) if (v !== undefined) refs.set(v, `«key:${alias}»`);
  return { byIdentity, refs };
}

/**
 * A value as drift compares it: references as identities, JSON documents (key policies) parsed with their keys
 * sorted and compared as written (the ARNs inside a document are its content, not references), object keys sorted.
 */
export function comparable(value: unknown, refs: ReadonlyMap<string, string> = new Map()): unknown {
  if (typeof value === "string") {
    const ref = refs.get(value) ?? (refs.size > 0 ? sesArnRef(value) : undefined);
    if (ref !== undefined) return ref;
    const t = value.trim();
    if (refs.size > 0 && t.startsWith("{") && t.endsWith("}")) {
      try {
        return comparable(JSON.parse(t) as unknown);
      } catch {
        return value;
      }
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => comparable(v, refs));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = comparable((value as Record<string, unknown>)[k], refs);
    return out;
  }
  return value;
}

/** SES ARNs name what they point at: `…:configuration-set/<name>`, `…:identity/<name>` (whatever the account). */
function sesArnRef(value: string): string | undefined {
  const m = /^arn:aws[a-z-]*:ses:[a-z0-9-]+:\d{12}:(configuration-set|identity)\/(.+)$/.exec(value);
  if (m === null) return undefined;
  return `«${m[1] === "identity" ? "identity" : "configurationSet"}:${m[2]}»`;
}
