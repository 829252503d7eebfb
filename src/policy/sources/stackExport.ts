import { usageError } from "../../core/errors";
import type { ResourceRecord } from "../../core/resource";
import { tenantFromAncestry, urnName, urnStackProject } from "../tenancy";
import { normalizeStateProperties, type SecretsMode } from "./properties";
import type { PolicySource } from "./types";

interface StateResource {
  urn?: unknown;
  custom?: unknown;
  delete?: unknown;
  id?: unknown;
  type?: unknown;
  inputs?: unknown;
  outputs?: unknown;
  parent?: unknown;
}

/**
 * Reads `pulumi stack export` output (`{version: 3|4, deployment}`) or a state checkpoint as the local and S3
 * backends store it (`{version, checkpoint: {stack, latest: <deployment>}}`). Resources marked `delete: true`
 * (pending deletion) are skipped, as are the stack and provider resources. Inputs feed resource checks, outputs
 * stack checks, as in `pulumi policy analyze`.
 */
export function parseStackExport(text: string, file: string): PolicySource {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw usageError("E_STACK_EXPORT", `${file}: not JSON (${err instanceof Error ? err.message : String(err)}); expected the output of \`pulumi stack export\``);
  }
  const fail = (path: string, message: string) => usageError("E_STACK_EXPORT", `${file}: ${path}: ${message}`, "expected the output of `pulumi stack export` (version 3 or 4) or a backend checkpoint file");
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw fail("(document)", "expected a JSON object");
  const top = doc as { version?: unknown; deployment?: unknown; checkpoint?: unknown };
  if (top.version !== 3 && top.version !== 4 && !(top.checkpoint !== undefined && (top.version === 1 || top.version === 2))) {
    throw fail("version", `unsupported version ${JSON.stringify(top.version)}; expected 3 or 4 (or a checkpoint, version 1–4)`);
  }
  let deployment: unknown;
  let kind: PolicySource["kind"];
  let base: string;
  if (top.checkpoint !== undefined) {
    kind = "checkpoint";
    const cp = top.checkpoint as { latest?: unknown };
    deployment = cp?.latest;
    base = "checkpoint.latest";
    if (deployment === undefined || deployment === null) return { kind, file, records: [] }; // a stack never deployed
  } else {
    kind = "stack-export";
    deployment = top.deployment;
    base = "deployment";
  }
  if (typeof deployment !== "object" || deployment === null) throw fail(base, "expected an object");
  const dep = deployment as { resources?: unknown; secrets_providers?: { type?: unknown } };
  const list = dep.resources ?? [];
  if (!Array.isArray(list)) throw fail(`${base}.resources`, "expected a list of resources");
  const mode: SecretsMode = dep.secrets_providers?.type === "b64" ? "b64" : "opaque";

  const live: { r: StateResource; at: string }[] = [];
  list.forEach((raw, i) => {
    const at = `${base}.resources[${i}]`;
    if (typeof raw !== "object" || raw === null) throw fail(at, "expected a resource object");
    const r = raw as StateResource;
    if (typeof r.urn !== "string") throw fail(`${at}.urn`, "expected a string");
    if (typeof r.type !== "string") throw fail(`${at}.type`, "expected a string");
    if (r.delete === true) return;
    live.push({ r, at });
  });
  const parents = new Map<string, string | undefined>(live.map(({ r }) => [r.urn as string, typeof r.parent === "string" ? r.parent : undefined]));
  const records: ResourceRecord[] = [];
  for (const { r } of live) {
    const type = r.type as string;
    if (type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:")) continue;
    const urn = r.urn as string;
    const inputs = isObject(r.inputs) ? (normalizeStateProperties(r.inputs, mode) as Record<string, unknown>) : undefined;
    const outputs = isObject(r.outputs) ? (normalizeStateProperties(r.outputs, mode) as Record<string, unknown>) : undefined;
    const parent = typeof r.parent === "string" && r.parent !== "" ? r.parent : undefined;
    const tenant = tenantFromAncestry(parent, (u) => parents.get(u));
    records.push({
      urn,
      type,
      name: urnName(urn),
      ...(tenant !== undefined ? { tenant } : {}),
      props: inputs ?? outputs ?? {},
      ...(outputs !== undefined ? { outputs: { ...(inputs ?? {}), ...outputs } } : {}),
      ...(typeof r.id === "string" && r.id !== "" ? { id: r.id } : {}),
      ...(parent !== undefined ? { parent } : {}),
    });
  }
  const stack = records.map((r) => urnStackProject(r.urn)?.stack).find((s) => s !== undefined);
  return { kind, file, ...(stack !== undefined ? { stack } : {}), records };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
