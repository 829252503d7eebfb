import { closest } from "../config/schemaIssues";
import { usageError } from "../core/errors";
import type { Tenant } from "../tenants/load";
import type { Runbook } from "./schema";

/**
 * An ISO 8601 date-time as epoch ms (UTC unless it carries an offset), or undefined. The day must exist: Date.parse
 * rolls 2026-02-30 over to March 2, which would move a 72-hour clock by days.
 */
export function parseIsoTime(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/.exec(text);
  if (m === null) return undefined;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (day.getUTCMonth() !== Number(m[2]) - 1 || day.getUTCDate() !== Number(m[3])) return undefined;
  const t = Date.parse(m[4] === undefined ? `${text}Z` : text);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * Turns `--param name=value` pairs into typed parameters, checked against the runbook's declarations and the tenants:
 * every problem at once, as a usage error (exit 2). Pure.
 */
export function parseParams(runbook: Runbook, raw: readonly string[], tenants: readonly Tenant[]): Record<string, unknown> {
  const problems: string[] = [];
  const given = new Map<string, string>();
  for (const pair of raw) {
    const eq = pair.indexOf("=");
    if (eq <= 0) {
      problems.push(`--param ${pair}: expected name=value`);
      continue;
    }
    const name = pair.slice(0, eq);
    if (given.has(name)) problems.push(`--param ${name}: given twice`);
    given.set(name, pair.slice(eq + 1));
  }
  const declared = Object.keys(runbook.parameters);
  for (const name of given.keys()) {
    if (!(name in runbook.parameters)) {
      const guess = closest(name, declared);
      problems.push(`--param ${name}: runbook ${runbook.id} has no parameter "${name}"; ${guess ? `did you mean "${guess}"?` : `expected one of: ${declared.join(", ") || "(none)"}`}`);
    }
  }
  const byId = new Map(tenants.map((t) => [t.id, t]));
  const known = tenants.map((t) => t.id).join(", ");
  const out: Record<string, unknown> = {};
  for (const [name, decl] of Object.entries(runbook.parameters)) {
    const text = given.get(name) ?? (decl.default === undefined ? undefined : String(decl.default));
    if (text === undefined) {
      if (decl.required) problems.push(`--param ${name}=…: required (${decl.type}: ${decl.description})`);
      continue;
    }
    const bad = (why: string) => problems.push(`--param ${name}=${text}: ${why}`);
    switch (decl.type) {
      case "string":
        if (text.trim() === "") bad("expected a non-empty value");
        else out[name] = text;
        break;
      case "number": {
        const n = Number(text);
        // Runbook numbers are counts and rates (data subjects, records, residents, bounce rate): never negative.
        if (text.trim() === "" || !Number.isFinite(n)) bad("expected a number");
        else if (n < 0) bad("expected a number ≥ 0 (a count or a rate)");
        else out[name] = n;
        break;
      }
      case "datetime": {
        const t = parseIsoTime(text);
        if (t === undefined) bad("expected an ISO 8601 time such as 2026-11-29T08:00:00Z");
        else out[name] = new Date(t).toISOString();
        break;
      }
      case "tenant":
        if (!byId.has(text)) bad(`no tenant "${text}" in the tenant files; expected one of: ${known}`);
        else out[name] = text;
        break;
      case "tenants": {
        const ids = text.split(",").map((s) => s.trim()).filter((s) => s !== "");
        const unknown = ids.filter((id) => !byId.has(id));
        if (ids.length === 0) bad("expected a comma-separated list of tenant ids");
        else if (unknown.length > 0) bad(`no tenant ${unknown.map((u) => `"${u}"`).join(", ")} in the tenant files; expected some of: ${known}`);
        else out[name] = [...new Set(ids)];
        break;
      }
      case "agent":
        out[name] = text;
        break;
    }
  }
  // Agents belong to the tenant named by the runbook's tenant parameter.
  const tenantParam = Object.entries(runbook.parameters).find(([, p]) => p.type === "tenant")?.[0];
  for (const [name, decl] of Object.entries(runbook.parameters)) {
    if (decl.type !== "agent" || out[name] === undefined) continue;
    const tenant = tenantParam === undefined ? undefined : byId.get(String(out[tenantParam]));
    if (tenant === undefined) continue;
    const agents = tenant.keys.map((k) => k.agent);
    if (!agents.includes(String(out[name]))) {
      problems.push(`--param ${name}=${String(out[name])}: tenant ${tenant.id} has no agent "${String(out[name])}"; expected one of: ${agents.join(", ") || "(no API keys)"}`);
      delete out[name];
    }
  }
  if (problems.length > 0) throw usageError("E_PARAM", `${problems.length} problem${problems.length === 1 ? "" : "s"} with the parameters of runbook ${runbook.id}:\n${problems.join("\n")}`);
  return out;
}

/** The tenant ids an incident concerns: the values of its tenant and tenants parameters. */
export function affectedTenants(runbook: Runbook, params: Record<string, unknown>): string[] {
  const ids: string[] = [];
  for (const [name, decl] of Object.entries(runbook.parameters)) {
    const v = params[name];
    if (decl.type === "tenant" && typeof v === "string") ids.push(v);
    if (decl.type === "tenants" && Array.isArray(v)) ids.push(...v.map(String));
  }
  return [...new Set(ids)].sort();
}
