import { keysAt, schemaAt } from "../config/schemaIssues";
import { tenantNames } from "../tenants/names";
import { tenantSchema } from "../tenants/schema";
import { actionSpec } from "./actions";
import type { PlacedStep, RunbookFile } from "./schema";

/** `{{ params.tenant }}`, `{{ steps.<id>.outputs.<name> }}`, `{{ incident.id }}`, `{{ tenant.contacts.security }}`. */
export type Reference =
  | { readonly root: "params"; readonly name: string }
  | { readonly root: "steps"; readonly step: string; readonly output: string }
  | { readonly root: "incident"; readonly field: IncidentField }
  | { readonly root: "tenant"; readonly path: readonly string[] };

export const INCIDENT_FIELDS = ["id", "title", "runbook", "severity", "owner", "awareAt", "openedAt"] as const;
export type IncidentField = (typeof INCIDENT_FIELDS)[number];

const TEMPLATE = /\{\{([^{}]*)\}\}/g;
const SEGMENT = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Parses the text between `{{` and `}}`; a message when it is not a reference. */
export function parseReference(expr: string): Reference | { error: string } {
  const text = expr.trim();
  const parts = text.split(".");
  if (text === "" || !parts.every((p) => SEGMENT.test(p))) {
    return { error: `"{{ ${text} }}" is not a reference; expected params.<name>, steps.<id>.outputs.<name>, incident.<field> or tenant.<field>` };
  }
  const [root, ...rest] = parts as [string, ...string[]];
  switch (root) {
    case "params":
      return rest.length === 1 ? { root, name: rest[0]! } : { error: `expected params.<name>, got "${text}"` };
    case "steps":
      return rest.length === 3 && rest[1] === "outputs" ? { root, step: rest[0]!, output: rest[2]! } : { error: `expected steps.<id>.outputs.<name>, got "${text}"` };
    case "incident":
      return rest.length === 1 && (INCIDENT_FIELDS as readonly string[]).includes(rest[0]!)
        ? { root, field: rest[0] as IncidentField }
        : { error: `expected incident.<field> with field one of ${INCIDENT_FIELDS.join(", ")}, got "${text}"` };
    case "tenant":
      return rest.length >= 1 ? { root, path: rest } : { error: `expected tenant.<field>, got "${text}"` };
    default:
      return { error: `unknown reference root "${root}" in "{{ ${text} }}"; expected params, steps, incident or tenant` };
  }
}

/** A `{{ … }}` found in a step, with the field path of the string holding it. */
export interface TemplateUse {
  readonly path: readonly (string | number)[];
  readonly text: string;
  readonly ref: Reference | { error: string };
}

/** Every template inside a value (strings in nested mappings and lists), with its field path. */
export function templatesIn(value: unknown, path: readonly (string | number)[]): TemplateUse[] {
  const out: TemplateUse[] = [];
  if (typeof value === "string") {
    for (const m of value.matchAll(TEMPLATE)) out.push({ path, text: m[0], ref: parseReference(m[1] ?? "") });
    const stray = value.replace(TEMPLATE, "");
    if (stray.includes("{{") || stray.includes("}}")) out.push({ path, text: value, ref: { error: `unbalanced "{{" or "}}" in ${JSON.stringify(value)}` } });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => out.push(...templatesIn(v, [...path, i])));
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) out.push(...templatesIn(v, [...path, k]));
  }
  return out;
}

/** Tenant fields a runbook may reference: the tenant file's fields and its derived `names.*`. */
export function tenantPathProblem(path: readonly string[]): string | undefined {
  if (path[0] === "names") {
    const known = Object.keys(tenantNames("x"));
    if (path.length !== 2 || !known.includes(path[1]!)) return `expected tenant.names.<one of ${known.join(", ")}>`;
    return undefined;
  }
  for (let i = 0; i < path.length; i++) {
    const keys = keysAt(tenantSchema, path.slice(0, i));
    if (keys.length === 0) {
      return schemaAt(tenantSchema, path.slice(0, i)) === undefined ? `no tenant field ${path.slice(0, i).join(".")}` : `tenant.${path.slice(0, i).join(".")} has no field "${path[i]}"`;
    }
    if (!keys.includes(path[i]!)) return `tenant${i === 0 ? "" : "." + path.slice(0, i).join(".")} has no field "${path[i]}"; expected one of ${[...keys, ...(i === 0 ? ["names"] : [])].join(", ")}`;
  }
  return undefined;
}

/** A problem with a reference, at a field path of the runbook file. */
export interface ReferenceProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * Checks every reference in every step before anything runs: params declared, steps existing earlier in the run order
 * with the named output, incident fields known, tenant fields real (and a tenant parameter declared). Pure.
 */
export function checkReferences(file: RunbookFile, steps: readonly PlacedStep[]): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const stepIndex = new Map(steps.map((s) => [s.id, s]));
  const tenantParams = Object.entries(file.parameters).filter(([, p]) => p.type === "tenant");
  for (const step of steps) {
    const uses = [...templatesIn(step.inputs, [...step.path, "inputs"]), ...templatesIn(step.assert ?? {}, [...step.path, "assert"])];
    for (const use of uses) {
      const ref = use.ref;
      const at = (message: string) => problems.push({ path: use.path, message: `${use.text}: ${message}` });
      if ("error" in ref) {
        problems.push({ path: use.path, message: ref.error });
        continue;
      }
      if (ref.root === "params") {
        if (!(ref.name in file.parameters)) {
          const declared = Object.keys(file.parameters);
          at(`unknown parameter "${ref.name}"; declared: ${declared.length > 0 ? declared.join(", ") : "none"}`);
        }
      } else if (ref.root === "steps") {
        const target = stepIndex.get(ref.step);
        if (target === undefined) at(`unknown step "${ref.step}"`);
        else if (target.index >= step.index) at(`step "${ref.step}" does not run before step "${step.id}"; expected an earlier step`);
        else if (!actionSpec(target.action).outputs.includes(ref.output)) {
          at(`step "${ref.step}" (${target.action}) has no output "${ref.output}"; expected one of ${actionSpec(target.action).outputs.join(", ")}`);
        }
      } else if (ref.root === "tenant") {
        if (tenantParams.length !== 1) at(`tenant references need exactly one parameter of type tenant; found ${tenantParams.length}`);
        else {
          const problem = tenantPathProblem(ref.path);
          if (problem !== undefined) at(problem);
        }
      }
    }
  }
  return problems;
}

/** What references resolve against at run time. */
export interface Scope {
  readonly params: Readonly<Record<string, unknown>>;
  readonly steps: Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>;
  readonly incident: Readonly<Record<IncidentField, unknown>>;
  readonly tenant?: unknown;
}

export class ReferenceError extends Error {
  constructor(
    readonly path: readonly (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

function lookup(ref: Reference, scope: Scope): { found: true; value: unknown } | { found: false; why: string } {
  switch (ref.root) {
    case "params":
      return ref.name in scope.params && scope.params[ref.name] !== undefined ? { found: true, value: scope.params[ref.name] } : { found: false, why: `parameter "${ref.name}" was not given` };
    case "incident":
      return { found: true, value: scope.incident[ref.field] };
    case "steps": {
      const outputs = scope.steps[ref.step];
      if (outputs === undefined) return { found: false, why: `step "${ref.step}" has not succeeded, so its outputs are unknown` };
      return ref.output in outputs ? { found: true, value: outputs[ref.output] } : { found: false, why: `step "${ref.step}" produced no output "${ref.output}"` };
    }
    case "tenant": {
      let cur: unknown = scope.tenant;
      for (const seg of ref.path) {
        if (cur === null || typeof cur !== "object" || !(seg in cur)) return { found: false, why: `the tenant has no tenant.${ref.path.join(".")}` };
        cur = (cur as Record<string, unknown>)[seg];
      }
      return cur === undefined ? { found: false, why: `the tenant has no tenant.${ref.path.join(".")}` } : { found: true, value: cur };
    }
  }
}

function asText(value: unknown): string {
  if (Array.isArray(value)) return value.map(asText).join(", ");
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * Resolves every reference in a value. A string that is exactly one reference takes the referenced value as is
 * (numbers, lists); otherwise references are rendered into the text. Throws ReferenceError with the field path.
 * `only` limits resolution to some roots (others are left as written), for the checks made before any step runs.
 */
export function resolveValue(value: unknown, scope: Scope, path: readonly (string | number)[], only?: ReadonlySet<Reference["root"]>): unknown {
  if (typeof value === "string") {
    const whole = /^\{\{([^{}]*)\}\}$/.exec(value);
    if (whole) {
      const ref = parseReference(whole[1] ?? "");
      if ("error" in ref) throw new ReferenceError(path, ref.error);
      if (only !== undefined && !only.has(ref.root)) return value;
      const got = lookup(ref, scope);
      if (!got.found) throw new ReferenceError(path, `${value}: ${got.why}`);
      return got.value;
    }
    return value.replace(TEMPLATE, (text, expr: string) => {
      const ref = parseReference(expr);
      if ("error" in ref) throw new ReferenceError(path, ref.error);
      if (only !== undefined && !only.has(ref.root)) return text;
      const got = lookup(ref, scope);
      if (!got.found) throw new ReferenceError(path, `${text}: ${got.why}`);
      return asText(got.value);
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveValue(v, scope, [...path, i], only));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v, scope, [...path, k], only)]));
  }
  return value;
}
