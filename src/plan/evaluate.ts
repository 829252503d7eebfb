import type { ResourceRecord } from "../core/resource";
import type { AccountEnv } from "../infra/arns";
import { childName, isOutputRef, isSecretRef, type ComponentModel, type ModelValue } from "../infra/model";
import { SECRET_PLACEHOLDER } from "./result";
import { synthesize } from "./synthesize";

export interface EvaluateContext {
  readonly project: string;
  readonly stack: string;
  readonly env: AccountEnv;
  /** The stack's default region (resources without a `region` input). */
  readonly region: string;
}

const urnOf = (ctx: EvaluateContext, typeChain: string, name: string) => `urn:pulumi:${ctx.stack}::${ctx.project}::${typeChain}::${name}`;

/**
 * The value with every reference replaced by the output it names. Subtrees without references are returned as they
 * are (not copied): the model builds fresh inputs per component, and records are read-only.
 */
function resolve(value: ModelValue, outputs: ReadonlyMap<string, Record<string, unknown>>): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (isOutputRef(value)) {
    const state = outputs.get(value.role);
    if (state === undefined) throw new Error(`model refers to ${value.role}.${value.attr} before it is declared`);
    const v = state[value.attr];
    if (v === undefined) throw new Error(`resource ${value.role} has no output ${value.attr}`);
    return v;
  }
  if (isSecretRef(value)) return SECRET_PLACEHOLDER;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = resolve(value[i] as ModelValue, outputs);
      if (out === undefined && v !== value[i]) out = value.slice(0, i);
      out?.push(v);
    }
    return out ?? value;
  }
  let out: Record<string, unknown> | undefined;
  const entries = Object.entries(value as Record<string, ModelValue>);
  for (let i = 0; i < entries.length; i++) {
    const [k, raw] = entries[i]!;
    const v = resolve(raw, outputs);
    if (out === undefined && v !== raw) out = Object.fromEntries(entries.slice(0, i));
    if (out !== undefined) out[k] = v;
  }
  return out ?? value;
}

/**
 * The fast plan: evaluates component models directly, with the same synthesised provider outputs the mocks use,
 * and returns what the mocked Pulumi program would register (component first, then its children in order).
 */
export function evaluateComponents(components: readonly ComponentModel[], ctx: EvaluateContext): ResourceRecord[] {
  const records: ResourceRecord[] = [];
  for (const component of components) {
    const componentUrn = urnOf(ctx, component.type, component.name);
    const tenant = component.tenant === undefined ? {} : { tenant: component.tenant };
    const outputs = new Map<string, Record<string, unknown>>();
    const at = records.length;
    records.push({ urn: componentUrn, type: component.type, name: component.name, ...tenant, props: { ...component.inputs } });
    for (const child of component.children) {
      const name = childName(component.name, child.role);
      const props = resolve(child.inputs as ModelValue, outputs) as Record<string, unknown>;
      const { id, state } = synthesize(ctx.env, ctx.region, child.type, name, props);
      outputs.set(child.role, { ...state, id });
      records.push({ urn: urnOf(ctx, `${component.type}$${child.type}`, name), type: child.type, name, ...tenant, props, outputs: state, id, parent: componentUrn });
    }
    const componentOutputs: Record<string, unknown> = {};
    for (const [k, r] of Object.entries(component.outputs)) componentOutputs[k] = resolve(r, outputs);
    records[at] = { ...records[at]!, outputs: componentOutputs };
  }
  return records;
}
