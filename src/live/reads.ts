import type { ResourceRecord } from "../core/resource";
import type { Check, ResourceArgs, StackArgs, StackResource } from "../policy/types";

/** For each resource type: the property paths the checks read, and which checks read each. */
export type CheckReads = Map<string, Map<string, Set<string>>>;

class Stop extends Error {}

/**
 * Which properties the checks depend on, found by running them over the records with props that record every
 * read (a check's reads depend on the data, so this runs over the records being compared). Paths are dotted
 * (`deliveryOptions.tlsPolicy`); an array is one value (reads inside it are the array's path). Only the deepest
 * paths are kept: reading `tags` and then `tags.tenant` depends on `tags.tenant`. Pure; errors of the checks are
 * ignored (this only watches what they read).
 */
export function checkReads(checks: readonly Check[], records: readonly ResourceRecord[]): CheckReads {
  const reads: CheckReads = new Map();
  const sinkFor = (type: string, check: string) => (path: string) => {
    const byPath = reads.get(type) ?? new Map<string, Set<string>>();
    reads.set(type, byPath);
    const who = byPath.get(path) ?? new Set<string>();
    who.add(check);
    byPath.set(path, who);
  };
  const config = (c: Check) => (c.config === undefined ? {} : c.config.parse({}));
  const stop = (): never => {
    throw new Stop();
  };
  const byType = new Map<string, ResourceRecord[]>();
  for (const r of records) {
    const list = byType.get(r.type);
    if (list === undefined) byType.set(r.type, [r]);
    else list.push(r);
  }
  for (const c of checks) {
    if (c.kind === "resource") {
      for (const r of c.resourceTypes.flatMap((t) => byType.get(t) ?? [])) {
        const args: ResourceArgs<never> = {
          type: r.type,
          props: traced(r.props, [], sinkFor(r.type, c.id)),
          urn: r.urn,
          name: r.name,
          getConfig: () => config(c) as never,
          notApplicable: stop,
          isSecret: () => false,
        };
        try {
          c.validateResource(args, () => undefined);
        } catch {
          // only the reads matter
        }
      }
    } else {
      const resources: StackResource[] = records.map((r) => ({
        type: r.type,
        urn: r.urn,
        name: r.name,
        props: traced(r.outputs ?? r.props, [], sinkFor(r.type, c.id)),
        ...(r.id !== undefined ? { id: r.id } : {}),
        ...(r.tenant !== undefined ? { tenant: r.tenant } : {}),
      }));
      const args: StackArgs<never> = { resources, getConfig: () => config(c) as never, notApplicable: stop };
      try {
        c.validateStack(args, () => undefined);
      } catch {
        // only the reads matter
      }
    }
  }
  for (const byPath of reads.values()) {
    const paths = [...byPath.keys()];
    for (const p of paths) if (paths.some((q) => q !== p && q.startsWith(`${p}.`))) byPath.delete(p);
  }
  return reads;
}

function traced(value: Record<string, unknown>, path: readonly string[], sink: (path: string) => void): Record<string, unknown> {
  return new Proxy(value, {
    get(obj, prop, receiver) {
      const v: unknown = Reflect.get(obj, prop, receiver);
      if (typeof prop === "symbol") return v;
      const at = [...path, prop];
      sink(at.join("."));
      if (typeof v === "object" && v !== null && !Array.isArray(v)) return traced(v as Record<string, unknown>, at, sink);
      return v;
    },
  });
}
