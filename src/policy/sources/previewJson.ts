import { usageError } from "../../core/errors";
import type { ResourceRecord } from "../../core/resource";
import { tenantFromAncestry, urnName, urnStackProject } from "../tenancy";
import { normalizeStateProperties } from "./properties";
import type { PolicySource } from "./types";

/** Step ops whose new state is not what the stack will hold after the update. */
const GONE = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"]);

interface PreviewState {
  urn?: unknown;
  type?: unknown;
  id?: unknown;
  inputs?: unknown;
  outputs?: unknown;
  parent?: unknown;
  delete?: unknown;
}

/**
 * Reads `pulumi preview --json` output: `{steps: [{op, urn, newState: {urn, type, inputs, outputs, parent, …}}]}`.
 * Each resource's planned new state is checked (inputs for resource checks, outputs over inputs for stack checks);
 * deletions are skipped. Unknown values (`04da6b54-…`) and secrets (`[secret]`) make the checks that read them
 * `manual`.
 */
export function parsePreviewJson(text: string, file: string): PolicySource {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw usageError("E_PREVIEW_JSON", `${file}: not JSON (${err instanceof Error ? err.message : String(err)}); expected the output of \`pulumi preview --json\``);
  }
  const fail = (path: string, message: string) => usageError("E_PREVIEW_JSON", `${file}: ${path}: ${message}`, "expected the output of `pulumi preview --json`");
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw fail("(document)", "expected a JSON object");
  const steps = (doc as { steps?: unknown }).steps ?? [];
  if (!Array.isArray(steps)) throw fail("steps", "expected a list of steps");
  const states = new Map<string, PreviewState>();
  steps.forEach((raw, i) => {
    const at = `steps[${i}]`;
    if (typeof raw !== "object" || raw === null) throw fail(at, "expected a step object");
    const step = raw as { op?: unknown; urn?: unknown; newState?: unknown };
    if (typeof step.op !== "string") throw fail(`${at}.op`, "expected a string");
    if (typeof step.urn !== "string") throw fail(`${at}.urn`, "expected a string");
    if (GONE.has(step.op) || step.newState === undefined || step.newState === null) return;
    if (typeof step.newState !== "object") throw fail(`${at}.newState`, "expected an object");
    const state = step.newState as PreviewState;
    if (typeof state.type !== "string") throw fail(`${at}.newState.type`, "expected a string");
    if (state.delete === true || states.has(step.urn)) return;
    states.set(step.urn, state);
  });
  const parentOf = (u: string) => {
    const p = states.get(u)?.parent;
    return typeof p === "string" ? p : undefined;
  };
  const records: ResourceRecord[] = [];
  for (const [urn, s] of states) {
    const type = s.type as string;
    if (type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:")) continue;
    const inputs = (isObject(s.inputs) ? normalizeStateProperties(s.inputs, "opaque") : {}) as Record<string, unknown>;
    const outputs = (isObject(s.outputs) ? normalizeStateProperties(s.outputs, "opaque") : {}) as Record<string, unknown>;
    const parent = typeof s.parent === "string" && s.parent !== "" ? s.parent : undefined;
    const tenant = tenantFromAncestry(parent, parentOf);
    records.push({
      urn,
      type,
      name: urnName(urn),
      ...(tenant !== undefined ? { tenant } : {}),
      props: inputs,
      outputs: { ...inputs, ...outputs },
      ...(typeof s.id === "string" && s.id !== "" ? { id: s.id } : {}),
      ...(parent !== undefined ? { parent } : {}),
    });
  }
  const stack = records.map((r) => urnStackProject(r.urn)?.stack).find((x) => x !== undefined);
  return { kind: "preview", file, ...(stack !== undefined ? { stack } : {}), records };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
