import { stackCheck } from "../../../types";

const PROJECT = "vercel:index/project:Project";
const ROUTE = "vercel:index/projectRoute:ProjectRoute";
export const HSTS_MIN_MAX_AGE = 31536000;

/**
 * Parses a Strict-Transport-Security value into max-age and includeSubDomains (RFC 6797 §6.1). A directive that
 * appears twice makes the header invalid (§6.1: UAs ignore it): `duplicate` names it, and nothing else counts.
 */
export function parseHsts(value: string): { maxAge?: number; includeSubDomains: boolean; duplicate?: string } {
  let maxAge: number | undefined;
  let includeSubDomains = false;
  const seen = new Set<string>();
  for (const part of value.split(";")) {
    const [rawName, ...rest] = part.trim().split("=");
    const name = (rawName ?? "").trim().toLowerCase();
    if (name === "") continue;
    if (seen.has(name)) return { maxAge: undefined, includeSubDomains: false, duplicate: name };
    seen.add(name);
    const v = rest.join("=").trim().replace(/^"|"$/g, "");
    if (name === "max-age" && /^\d+$/.test(v)) maxAge = Number(v);
    if (name === "includesubdomains") includeSubDomains = true;
  }
  return { maxAge, includeSubDomains };
}

/** A route whose `has`/`missing` conditions limit it to some requests does not send the header on all of them. */
function conditional(route: unknown): boolean {
  const r = route as { has?: unknown; missing?: unknown } | undefined;
  const some = (v: unknown) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
  return some(r?.has) || some(r?.missing);
}

/** The platform's Vercel project sends Strict-Transport-Security (≥ 1 year, includeSubDomains) on every path. */
export const enforceHsts = stackCheck({
  kind: "stack",
  id: "vercel-project-enforce-hsts",
  description: "Each Vercel project declares Strict-Transport-Security with max-age ≥ 31536000 and includeSubDomains on all paths (a project route).",
  severity: "high",
  controls: ["CC6.7"],
  equivalents: {},
  remediation: "Add a vercel.ProjectRoute for the project with src \"/(.*)\" and header Strict-Transport-Security: \"max-age=63072000; includeSubDomains; preload\".",
  enforcementLevel: "mandatory",
  readsTypes: [PROJECT, ROUTE],
  validateStack({ resources, notApplicable }, report) {
    const projects = resources.filter((r) => r.type === PROJECT);
    if (projects.length === 0) notApplicable("no Vercel project in the stack");
    const routes = resources.filter((r) => r.type === ROUTE);
    for (const project of projects) {
      const projectId: unknown = project.id ?? project.props.id;
      const mine = routes.filter((r) => r.props.projectId === projectId && r.props.enabled !== false && r.props.enabled !== "false");
      const hsts = mine
        .map((r) => ({ src: (conditional(r.props.route) ? "(conditional: has/missing)" : r.props.route?.src) as unknown, value: headerValue(r.props.route?.headers, "strict-transport-security") }))
        .filter((h) => h.value !== undefined);
      if (hsts.length === 0) {
        report(`project ${String(project.props.name ?? project.name)} declares no Strict-Transport-Security header; expected max-age ≥ ${HSTS_MIN_MAX_AGE} with includeSubDomains on all paths.`, project.urn);
        continue;
      }
      const good = hsts.find((h) => {
        const p = parseHsts(h.value!);
        return (h.src === "/(.*)" || h.src === "/.*" || h.src === "(.*)") && p.maxAge !== undefined && p.maxAge >= HSTS_MIN_MAX_AGE && p.includeSubDomains;
      });
      if (good !== undefined) continue;
      const h = hsts[0]!;
      const p = parseHsts(h.value!);
      const problems: string[] = [];
      if (p.duplicate !== undefined) problems.push(`directive ${p.duplicate} appears twice, so browsers ignore the header (RFC 6797 §6.1)`);
      else if (p.maxAge === undefined || p.maxAge < HSTS_MIN_MAX_AGE) problems.push(`max-age ${p.maxAge ?? "missing"} (expected ≥ ${HSTS_MIN_MAX_AGE})`);
      if (p.duplicate === undefined && !p.includeSubDomains) problems.push("no includeSubDomains");
      if (!(h.src === "/(.*)" || h.src === "/.*" || h.src === "(.*)")) problems.push(`route src ${JSON.stringify(h.src)} (expected all paths, "/(.*)")`);
      report(`project ${String(project.props.name ?? project.name)} Strict-Transport-Security "${h.value}" is too weak: ${problems.join("; ")}.`, project.urn);
    }
  },
});

function headerValue(headers: unknown, name: string): string | undefined {
  if (typeof headers !== "object" || headers === null) return undefined;
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name && typeof v === "string") return v;
  return undefined;
}
