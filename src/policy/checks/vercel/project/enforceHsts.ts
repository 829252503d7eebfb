import { stackCheck } from "../../../types";

const PROJECT = "vercel:index/project:Project";
const ROUTE = "vercel:index/projectRoute:ProjectRoute";
export const HSTS_MIN_MAX_AGE = 31536000;

/** Parses a Strict-Transport-Security value into max-age and includeSubDomains (RFC 6797 §6.1). */
export function parseHsts(value: string): { maxAge?: number; includeSubDomains: boolean } {
  let maxAge: number | undefined;
  let includeSubDomains = false;
  for (const part of value.split(";")) {
    const [rawName, ...rest] = part.trim().split("=");
    const name = (rawName ?? "").trim().toLowerCase();
    const v = rest.join("=").trim().replace(/^"|"$/g, "");
    if (name === "max-age" && /^\d+$/.test(v)) maxAge = Number(v);
    if (name === "includesubdomains") includeSubDomains = true;
  }
  return { maxAge, includeSubDomains };
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
  validateStack({ resources, notApplicable }, report) {
    const projects = resources.filter((r) => r.type === PROJECT);
    if (projects.length === 0) notApplicable("no Vercel project in the stack");
    const routes = resources.filter((r) => r.type === ROUTE);
    for (const project of projects) {
      const projectId: unknown = project.id ?? project.props.id;
      const mine = routes.filter((r) => r.props.projectId === projectId && r.props.enabled !== false);
      const hsts = mine
        .map((r) => ({ src: r.props.route?.src as unknown, value: headerValue(r.props.route?.headers, "strict-transport-security") }))
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
      if (p.maxAge === undefined || p.maxAge < HSTS_MIN_MAX_AGE) problems.push(`max-age ${p.maxAge ?? "missing"} (expected ≥ ${HSTS_MIN_MAX_AGE})`);
      if (!p.includeSubDomains) problems.push("no includeSubDomains");
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
