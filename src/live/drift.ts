import type { ResourceRecord } from "../core/resource";
import { SEVERITY_ORDER } from "../policy/report/model";
import type { Check, Finding, Severity } from "../policy/types";
import { comparable, COMPARED_TYPES, identify } from "./identity";
import { checkReads } from "./reads";
import { driftMissing, driftProperty, driftUnexpected } from "./rules";

/** One source of the comparison. */
export interface DriftSource {
  /** How messages name it: "plan", "stack export prod.json", "live". */
  readonly label: string;
  readonly records: readonly ResourceRecord[];
}

export interface DriftInput {
  /** What the code declares (the offline plan). */
  readonly declared: DriftSource;
  /** What Pulumi deployed (a stack export), when given. */
  readonly deployed?: DriftSource;
  /** What runs in the account. */
  readonly live: DriftSource;
  /** The regions the live collectors read; declared resources elsewhere are not compared. */
  readonly regions: readonly string[];
  /** Whether the live listing of a type in a region was complete; where not, nothing is called missing. */
  readonly complete: (region: string, type: string) => boolean;
  /** Region of records that name none (the stack's). */
  readonly defaultRegion: string;
  /** The checks whose reads decide which properties are compared. */
  readonly checks: readonly Check[];
}

export interface DriftResult {
  readonly findings: Finding[];
  /** How many resources were compared (identities across the sources, in the regions read). */
  readonly compared: number;
  /** Per type: the property paths compared. */
  readonly properties: Readonly<Record<string, readonly string[]>>;
  /** Types and regions whose live listing was incomplete: nothing there was called missing. */
  readonly skipped: readonly string[];
}

const short = (type: string) => type.slice(type.lastIndexOf(":") + 1);
const show = (v: unknown) => (v === undefined ? "(unset)" : typeof v === "string" ? v : JSON.stringify(v));
/** A value as messages show it: a reference as what it points at («key:alias/…» → key alias/…), else as it is. */
const shown = (x: { raw: unknown; v: string }) => (x.v.startsWith("\"«") ? (JSON.parse(x.v) as string).slice(1, -1).replace(":", " ") : show(x.raw));
const LONG = 100;

/** The values in a message: as they are, or for long documents where the first one differs from the first source. */
function describeValues(values: readonly { label: string; raw: unknown; v: string }[]): string {
  if (values.every((x) => shown(x).length <= LONG)) return values.map((x) => `${shown(x)} in the ${x.label}`).join(", ");
  const base = values[0]!;
  return values
    .map((x) => {
      if (x === base || x.v === base.v) return `${x.v === base.v && x !== base ? "the same" : "a document"} in the ${x.label}`;
      let i = 0;
      while (i < x.v.length && x.v[i] === base.v[i]) i++;
      return `a document in the ${x.label} that differs at …${x.v.slice(Math.max(0, i - 30), i + 40)}…`;
    })
    .join(", ");
}

/**
 * Declared (plan), deployed (stack export) and live, compared per resource: missing (declared or deployed, not
 * running), unexpected (running, not declared), and properties that a check reads with different values (references
 * compared by what they point at, JSON documents by content). Each difference is a finding of a drift rule, with the
 * tenant of the resource. Only the types the live collectors read are compared. Pure.
 */
export function compareSources(input: DriftInput): DriftResult {
  const inRegion = (r: ResourceRecord) => input.regions.includes(typeof r.props.region === "string" ? r.props.region : input.defaultRegion);
  const sources = [input.declared, ...(input.deployed !== undefined ? [input.deployed] : []), input.live].map((s) => ({
    ...s,
    records: s.records.filter((r) => COMPARED_TYPES.has(r.type) && inRegion(r)),
  }));
  const ids = sources.map((s) => identify(s.records, input.defaultRegion));
  const live = ids[ids.length - 1]!;
  const declared = ids[0]!;
  const deployed = input.deployed !== undefined ? ids[1] : undefined;
  const reads = checkReads(input.checks, sources.flatMap((s) => s.records));
  const severity = new Map(input.checks.map((c) => [c.id, c.severity]));

  const all = new Set(ids.flatMap((i) => [...i.byIdentity.keys()]));
  const findings: Finding[] = [];
  const skipped = new Set<string>();
  const finding = (rule: Check, r: ResourceRecord, message: string, sev: Severity = rule.severity): Finding => ({
    policy: rule.id,
    status: "fail",
    enforcement: "mandatory",
    severity: sev,
    urn: r.urn,
    type: r.type,
    name: r.name,
    ...(r.tenant !== undefined ? { tenant: r.tenant } : {}),
    message,
    controls: rule.controls,
  });

  for (const id of [...all].sort()) {
    const region = id.slice(0, id.indexOf("|"));
    const present = ids.map((i) => i.byIdentity.get(id));
    const inLive = present[present.length - 1];
    const inPlan = present[0];
    const inExport = deployed !== undefined ? present[1] : undefined;
    const any = (inPlan ?? inExport ?? inLive)!;
    const what = `${short(any.type)} ${id.slice(id.indexOf(":") + 1)}`;
    if (inLive === undefined) {
      if (!input.complete(region, any.type)) {
        skipped.add(`${short(any.type)} in ${region}`);
        continue;
      }
      const where = [inPlan !== undefined ? "declared in the plan" : undefined, inExport !== undefined ? `deployed in ${input.deployed!.label}` : undefined].filter(Boolean).join(" and ");
      const hint = inPlan === undefined ? " (the stack export holds a resource the code no longer declares and the account no longer has: refresh the stack)" : "";
      findings.push(finding(driftMissing, any, `${what} is ${where}, but not found in the account (${region})${hint}.`));
      continue;
    }
    if (inPlan === undefined) {
      const why =
        deployed === undefined
          ? "not declared in the plan"
          : inExport !== undefined
            ? `not declared in the plan; ${input.deployed!.label} still holds it (removed from the code, not yet destroyed)`
            : `declared neither in the plan nor in ${input.deployed!.label} (created outside Pulumi)`;
      findings.push(finding(driftUnexpected, inLive, `${what} runs in the account (${region}) but is ${why}.`));
      continue;
    }
    if (deployed !== undefined && inExport === undefined) {
      findings.push(finding(driftMissing, inLive, `${what} is declared in the plan and runs in the account, but ${input.deployed!.label} does not hold it (created outside Pulumi, or the state lost it).`));
    }
    const paths = reads.get(any.type);
    if (paths === undefined) continue;
    const cmpSources = [
      { label: input.declared.label, r: inPlan, refs: declared.refs },
      ...(deployed !== undefined && inExport !== undefined ? [{ label: input.deployed!.label, r: inExport, refs: deployed.refs }] : []),
      { label: input.live.label, r: inLive, refs: live.refs },
    ];
    for (const [path, checks] of [...paths].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const values = cmpSources.map((s) => {
        const raw = valueAt(s.r, path);
        return { label: s.label, raw, v: JSON.stringify(comparable(raw, s.refs)) ?? "(unset)" };
      });
      if (values.every((x) => x.v === values[0]!.v)) continue;
      const by = [...checks].sort();
      const sev = by.map((c) => severity.get(c) ?? "low").sort((a, b) => SEVERITY_ORDER[a] - SEVERITY_ORDER[b])[0]!;
      findings.push(
        finding(driftProperty, inLive, `${what}: ${path} is ${describeValues(values)} (read by ${by.join(", ")}).`, sev),
      );
    }
  }
  const properties: Record<string, string[]> = {};
  for (const [type, byPath] of reads) if (COMPARED_TYPES.has(type)) properties[type] = [...byPath.keys()].sort();
  return { findings, compared: all.size, properties, skipped: [...skipped].sort() };
}

/** The value at a path of the inputs, else of the outputs (stack checks read ids and ARNs there), else the record's id. */
function valueAt(r: ResourceRecord, path: string): unknown {
  return at(r.props, path) ?? (r.outputs !== undefined ? at(r.outputs, path) : undefined) ?? (path === "id" ? r.id : undefined);
}

function at(props: Record<string, unknown>, path: string): unknown {
  let v: unknown = props;
  for (const p of path.split(".")) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}
