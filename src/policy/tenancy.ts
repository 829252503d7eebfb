import { ComponentTypes } from "../infra/model";
import { UNKNOWN } from "./values";

/** The name at the end of a URN (`…::<name>`). */
export function urnName(urn: string): string {
  const at = urn.lastIndexOf("::");
  return at < 0 ? urn : urn.slice(at + 2);
}

/** The type at the end of a URN's type chain (`…::parent$child::name` → child). */
export function urnType(urn: string): string {
  const parts = urn.split("::");
  const chain = parts.length >= 4 ? parts[parts.length - 2]! : "";
  const last = chain.lastIndexOf("$");
  return last < 0 ? chain : chain.slice(last + 1);
}

/** `urn:pulumi:<stack>::<project>::…` → stack and project. */
export function urnStackProject(urn: string): { stack: string; project: string } | undefined {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return m === null ? undefined : { stack: m[1]!, project: m[2]! };
}

/**
 * The tenant a resource belongs to, from its ancestry: the nearest ancestor that is a tenant component
 * (`emailmate:tenant:Tenant`, named by the tenant id). Tags are not used: a missing tag must not hide a resource.
 */
export function tenantFromAncestry(parent: string | undefined, parentOf: (urn: string) => string | undefined): string | undefined {
  for (let urn = parent, hops = 0; urn !== undefined && urn !== "" && hops < 64; urn = parentOf(urn), hops++) {
    if (urnType(urn) === ComponentTypes.tenant) return urnName(urn);
  }
  return undefined;
}

/** The `tenant` tag of raw props, when it is a known string. */
export function tenantTag(props: Record<string, unknown>): string | undefined {
  const tags = props.tags;
  if (typeof tags !== "object" || tags === null) return undefined;
  const v = (tags as Record<string, unknown>).tenant;
  return typeof v === "string" && v !== UNKNOWN ? v : undefined;
}
