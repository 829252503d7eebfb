import { valueAt } from "../config/schemaIssues";
import type { Locator } from "../config/yamlFile";
import type { Tenant } from "./load";

export type Position = { readonly line: number; readonly col: number };

/**
 * The fields whose positions the loader keeps (where the file has them): the cross-file rules point at id and
 * domains; reports point a tenant resource's finding at the field that decides it (src/infra/tenantFields.ts).
 * Dotted paths; list items get their index (`sending.domains.1`).
 */
const KEPT_FIELDS: readonly (readonly string[])[] = [
  ["id"],
  ["name"],
  ["plan"],
  ["region"],
  ["contacts"],
  ["sending"],
  ["sending", "domains"],
  ["sending", "tlsPolicy"],
  ["sending", "suppressedReasons"],
  ["sending", "trackingDomain"],
  ["audit"],
  ["audit", "retentionDays"],
  ["keys"],
];
const KEPT = KEPT_FIELDS.map((path) => ({ path, key: path.join(".") }));

/** Positions of the kept fields present in the parsed value: a dozen look-ups per file, the document is not kept. */
export function keptPositions(value: unknown, locator: Locator): Map<string, Position> {
  const out = new Map<string, Position>();
  for (const { path, key } of KEPT) {
    const v = valueAt(value, path);
    if (v === undefined) continue;
    out.set(key, locator.at(path));
    if (Array.isArray(v) && key === "sending.domains") {
      v.forEach((_, i) => out.set(`sending.domains.${i}`, locator.at([...path, i])));
    }
  }
  return out;
}

const positionsOfTenant = new WeakMap<Tenant, ReadonlyMap<string, Position>>();

/** Remembers where a validated tenant's fields stand in its file (set by the loader). */
export function rememberPositions(tenant: Tenant, positions: ReadonlyMap<string, Position>): void {
  positionsOfTenant.set(tenant, positions);
}

/** Where a field of a loaded tenant stands in its file; the `id` line when the file does not have that field. */
export function fieldPosition(tenant: Tenant, field: string): Position & { field: string } {
  const positions = positionsOfTenant.get(tenant);
  const at = positions?.get(field);
  if (at !== undefined) return { ...at, field };
  return { ...(positions?.get("id") ?? { line: 1, col: 1 }), field: "id" };
}

const sourceOfTenant = new WeakMap<Tenant, Uint8Array>();

/** Remembers the bytes a validated tenant was read from (set by the loader), so evidence digests what was validated. */
export function rememberSource(tenant: Tenant, bytes: Uint8Array): void {
  sourceOfTenant.set(tenant, bytes);
}

/** The bytes a loaded tenant was validated from; undefined for a tenant not made by the loader. */
export function tenantSource(tenant: Tenant): Uint8Array | undefined {
  return sourceOfTenant.get(tenant);
}
