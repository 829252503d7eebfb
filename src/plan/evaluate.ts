import type { ResourceRecord } from "../core/resource";
import type { AccountEnv } from "../infra/arns";
import { childName, isOutputRef, isSecretRef, type ComponentModel, type ModelValue } from "../infra/model";
import { SECRET_PLACEHOLDER } from "./result";
import { synthesize, type Synthesized } from "./synthesize";

export interface EvaluateContext {
  readonly project: string;
  readonly stack: string;
  readonly env: AccountEnv;
  /** The stack's default region (resources without a `region` input). */
  readonly region: string;
}

/**
 * The value with every reference replaced by the output it names. Subtrees without references are returned as they
 * are (not copied): the model builds fresh inputs per component, and records are read-only.
 */
function resolve(value: ModelValue, outputs: ReadonlyMap<string, Synthesized>): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (isOutputRef(value)) {
    const resource = outputs.get(value.role);
    if (resource === undefined) throw new Error(`model refers to ${value.role}.${value.attr} before it is declared`);
    const v = value.attr === "id" ? resource.id : resource.state[value.attr];
    if (v === undefined) throw new Error(`resource ${value.role} has no output ${value.attr}`);
    return v;
  }
  if (isSecretRef(value)) return SECRET_PLACEHOLDER;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = resolve(value[i] as ModelValue, outputs);
      if (v !== value[i]) (out ??= [...value])[i] = v;
    }
    return out ?? value;
  }
  const obj = value as Record<string, ModelValue>;
  let out: Record<string, unknown> | undefined;
  for (const k in obj) {
    const raw = obj[k]!;
    const v = resolve(raw, outputs);
    if (v !== raw) (out ??= { ...obj })[k] = v;
  }
  return out ?? value;
}

/**
 * The fast plan: evaluates component models directly, with the same synthesised provider outputs the mocks use,
 * and returns what the mocked Pulumi program would register (component first, then its children in order).
 */
export function evaluateComponents(components: readonly ComponentModel[], ctx: EvaluateContext): ResourceRecord[] {
  const records: ResourceRecord[] = [];
  const prefix = `urn:pulumi:${ctx.stack}::${ctx.project}::`;
  for (const component of components) {
    const componentUrn = `${prefix}${component.type}::${component.name}`;
    const childPrefix = `${prefix}${component.type}$`;
    const tenant = component.tenant;
    const outputs = new Map<string, Synthesized>();
    const children: ResourceRecord[] = [];
    for (const child of component.children) {
      const name = childName(component.name, child.role);
      const props = resolve(child.inputs as ModelValue, outputs) as Record<string, unknown>;
      const synthesized = synthesize(ctx.env, ctx.region, child.type, name, props, child.options?.import);
      outputs.set(child.role, synthesized);
      const urn = `${childPrefix}${child.type}::${name}`;
      const { id, state } = synthesized;
      children.push(
        tenant === undefined
          ? { urn, type: child.type, name, props, outputs: state, id, parent: componentUrn }
          : { urn, type: child.type, name, tenant, props, outputs: state, id, parent: componentUrn },
      );
    }
    const componentOutputs: Record<string, unknown> = {};
    for (const [k, r] of Object.entries(component.outputs)) componentOutputs[k] = resolve(r, outputs);
    const props = { ...component.inputs };
    records.push(
      tenant === undefined
        ? { urn: componentUrn, type: component.type, name: component.name, props, outputs: componentOutputs }
        : { urn: componentUrn, type: component.type, name: component.name, tenant, props, outputs: componentOutputs },
      ...children,
    );
  }
  return records;
}
