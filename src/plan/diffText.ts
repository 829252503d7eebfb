import type { ResourceRecord } from "../core/resource";
import { describeResource } from "./describe";
import type { PropertyChange, ResourceChange } from "./diff";
import type { PlanDiffResult, StackDiff } from "./baseDiff";

/** A value as a diff line shows it: JSON, cut at `max` characters. */
export function showValue(v: unknown, max = 120): string {
  if (v === undefined) return "(absent)";
  const s = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export const showChange = (c: PropertyChange): string => `${c.path}: ${showValue(c.old)} → ${showValue(c.new)}`;

/** The resource's kind: the last part of its type token (`Key`, `LogGroup`) or `component`. */
export const kindOf = (c: Pick<ResourceChange, "type">): string => (c.type.startsWith("emailmate:") ? "component" : (c.type.split(":").pop() ?? c.type));

/** The key settings of a created or deleted resource, in one line (as `plan` prints them). */
export function settingsOf(c: ResourceChange): string {
  if (c.props === undefined) return "";
  const record: ResourceRecord = { urn: c.urn, type: c.type, name: c.name, ...(c.tenant === undefined ? {} : { tenant: c.tenant }), props: c.props };
  return describeResource(record);
}

export interface ChangeGroup {
  /** The tenant id, or undefined for the platform's resources. */
  readonly tenant?: string;
  /** For a tenant: whether the whole tenant is added or removed, or changes inside. */
  readonly status: "added" | "REMOVED" | "changed";
  readonly changes: ResourceChange[];
}

/** A stack's changes grouped by tenant (platform first, then tenants in id order). */
export function groupByTenant(s: StackDiff): ChangeGroup[] {
  const groups = new Map<string, ResourceChange[]>();
  for (const c of s.changes) {
    const key = c.tenant ?? "";
    let list = groups.get(key);
    if (list === undefined) groups.set(key, (list = []));
    list.push(c);
  }
  const added = new Set(s.tenants.added);
  const removed = new Set(s.tenants.removed);
  return [...groups.keys()].sort().map((k) => ({
    ...(k === "" ? {} : { tenant: k }),
    status: added.has(k) ? "added" : removed.has(k) ? "REMOVED" : "changed",
    changes: groups.get(k)!,
  }));
}

const SIGN = { create: "+", update: "~", delete: "-" } as const;

export const countsLine = (c: StackDiff["counts"]): string => `+${c.create} ~${c.update} -${c.delete}`;

export function groupTitle(g: ChangeGroup): string {
  const who = g.tenant === undefined ? "platform" : `tenant ${g.tenant}`;
  const n = { create: 0, update: 0, delete: 0 };
  for (const c of g.changes) n[c.action]++;
  const parts = [n.create > 0 ? `${n.create} to create` : "", n.update > 0 ? `${n.update} to update` : "", n.delete > 0 ? `${n.delete} to delete` : ""].filter((p) => p !== "");
  return `${who} ${g.tenant === undefined ? "" : `(${g.status}) `}— ${parts.join(", ")}`;
}

/** The lines of one group: `+`/`~`/`-`, kind, name, settings or changed properties. */
export function groupLines(g: ChangeGroup): string[] {
  const lines: string[] = [];
  for (const c of g.changes) {
    const settings = c.action === "update" ? "" : settingsOf(c);
    const sign = c.replaces === true ? "-+" : SIGN[c.action];
    lines.push(`${sign} ${kindOf(c)} ${c.name}${c.replaces === true ? "  (REPLACE: deleted and created anew)" : ""}${settings === "" ? "" : `  ${settings}`}`);
    for (const p of c.changes ?? []) lines.push(`    ${showChange(p)}`);
  }
  return lines;
}

/** The text rendering of `plan --base`: summary per stack, the loud destruction list, then every change. */
export function renderPlanDiffText(d: PlanDiffResult, few: (names: readonly string[]) => string): string {
  const lines: string[] = [`plan: ${d.base.ref} (${d.base.commit.slice(0, 12)}) → working tree: ${countsLine(d.counts)} resources in ${d.affected.length} of ${d.stacks.length} stack(s)`];
  for (const s of d.stacks) {
    const t = s.tenants;
    const tenants = [t.added.length ? `added ${few(t.added)}` : "", t.changed.length ? `changed ${few(t.changed)}` : "", t.removed.length ? `REMOVED ${few(t.removed)}` : ""].filter((x) => x !== "");
    lines.push(`  ${s.stack} (shard ${s.shard + 1}/${s.shards}${s.platform ? ", platform" : ""}${s.stackFile === "unchanged" ? "" : `, stack file ${s.stackFile}`}): ${countsLine(s.counts)}${tenants.length ? `; tenants ${tenants.join("; ")}` : ""}`);
  }
  lines.push(d.affected.length === 0 ? "affected stacks: none" : `affected stacks: ${few(d.affected)}`);
  for (const w of d.warnings) lines.push(`warning: ${w}`);
  if (d.destroyed.length > 0) {
    lines.push("", `!! DESTROYS ${d.destroyed.length} resource(s) holding data, keys or sending identity:`);
    for (const x of d.destroyed) lines.push(`  ${x.stack}${x.tenant === undefined ? "" : ` ${x.tenant}`}: ${x.warning}`);
  }
  for (const s of d.stacks) {
    if (s.changes.length === 0) continue;
    lines.push("", `stack ${s.stack}`);
    for (const g of groupByTenant(s)) {
      lines.push(`  ${groupTitle(g)}`);
      for (const l of groupLines(g)) lines.push(`    ${l}`);
    }
  }
  return lines.join("\n");
}
