import type { Diagnostic } from "../config/diagnostics";
import type { Position } from "./fields";
import { DOMAIN_PATTERN, TENANT_ID_PATTERN } from "./schema";

/** What a tenant file claims across files (its id, its domains), as far as those parts are well-formed. */
export interface TenantClaims {
  readonly id?: string;
  readonly domains: readonly { readonly domain: string; readonly path: string }[];
}

/** The parts of a file the cross-file rules need: given whether or not the rest of the file is valid. */
export interface ClaimingFile {
  readonly file: string;
  readonly claims?: TenantClaims;
  readonly positions?: ReadonlyMap<string, Position>;
}

/**
 * The id and domains of a parsed document, from the raw value: each part is taken when it is well-formed on its own,
 * so a file with a schema error elsewhere still takes part in the rules across files (all problems in one run).
 */
export function claimsOf(value: unknown): TenantClaims {
  const v = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const id = typeof v.id === "string" && TENANT_ID_PATTERN.test(v.id) ? v.id : undefined;
  const sending = (typeof v.sending === "object" && v.sending !== null ? v.sending : {}) as Record<string, unknown>;
  const domains: { domain: string; path: string }[] = [];
  const take = (d: unknown, path: string) => {
    if (typeof d !== "string") return;
    const lower = d.toLowerCase();
    if (DOMAIN_PATTERN.test(lower)) domains.push({ domain: lower, path });
  };
  if (Array.isArray(sending.domains)) sending.domains.forEach((d, i) => take(d, `sending.domains.${i}`));
  take(sending.trackingDomain, "sending.trackingDomain");
  return { ...(id !== undefined ? { id } : {}), domains };
}

export interface CrossFileOptions {
  /**
   * Files the change introduces (added or changed since a base ref): a duplicate is reported against them, naming the
   * file that already held the value. Without it (or between two introduced files), the later file in sorted order.
   */
  readonly introduced?: (file: string) => boolean;
}

/** Rules across files: unique ids, unique domains (sending and tracking, case-insensitive). */
export function crossFileRules(files: readonly ClaimingFile[], options: CrossFileOptions = {}): Diagnostic[] {
  const introduced = options.introduced ?? (() => false);
  // Stable: files already at the base first, each group in the given (sorted) order.
  const ordered = [...files.filter((f) => !introduced(f.file)), ...files.filter((f) => introduced(f.file))];
  const out: Diagnostic[] = [];
  const ids = new Map<string, ClaimingFile>();
  const domains = new Map<string, { owner: ClaimingFile; where: string }>();
  for (const p of ordered) {
    const claims = p.claims;
    if (claims === undefined) continue;
    const at = (path: string): Position => p.positions?.get(path) ?? { line: 1, col: 1 };
    if (claims.id !== undefined) {
      const firstId = ids.get(claims.id);
      if (firstId !== undefined) {
        const { line, col } = at("id");
        out.push({ file: p.file, line, col, code: "E_DUPLICATE_ID", path: "id", message: `tenant id "${claims.id}" is already used by ${firstId.file}; expected a unique id` });
      } else {
        ids.set(claims.id, p);
      }
    }
    for (const use of claims.domains) {
      const { line, col } = at(use.path);
      const first = domains.get(use.domain);
      if (first === undefined) {
        domains.set(use.domain, { owner: p, where: `${p.file}:${line}:${col}` });
      } else if (first.owner !== p) {
        const owner = first.owner.claims?.id;
        out.push({
          file: p.file,
          line,
          col,
          code: "E_DUPLICATE_DOMAIN",
          path: use.path,
          message: `domain "${use.domain}" is already used by ${owner !== undefined ? `tenant ${owner} (${first.where})` : first.where}; expected domains unique across tenants`,
        });
      }
    }
  }
  return out;
}

/** The sending domains and tracking domain a tenant file claims. */
function domainsOf(claims: TenantClaims | undefined): { sending: string[]; tracking?: string } {
  const sending = (claims?.domains ?? []).filter((d) => d.path.startsWith("sending.domains.")).map((d) => d.domain);
  const tracking = claims?.domains.find((d) => d.path === "sending.trackingDomain")?.domain;
  return { sending, ...(tracking !== undefined ? { tracking } : {}) };
}

const covers = (domain: string, tracking: string) => tracking === domain || tracking.endsWith(`.${domain}`);

/**
 * With a base ref: a tracking domain the pull request adds or changes must be covered by a sending domain that the tenant
 * already had at the base. SES refuses an unverified tracking domain (InvalidTrackingOptions), a domain identity only
 * verifies once its DKIM records are published, and `pulumi up` creates the configuration set before the identities:
 * an identity added in the same pull request cannot have verified. So the tracking domain comes in a later pull
 * request, once its domain verifies. `base` is the tenant file's claims at the base (undefined: a new file).
 */
export function trackingDomainVerifiedBeforeUse(file: string, now: TenantClaims | undefined, positions: ReadonlyMap<string, Position> | undefined, base: TenantClaims | undefined): Diagnostic[] {
  const { sending, tracking } = domainsOf(now);
  if (tracking === undefined) return [];
  const before = domainsOf(base);
  if (before.tracking === tracking) return [];
  const covering = sending.filter((d) => covers(d, tracking));
  if (covering.length === 0 || before.sending.some((d) => covers(d, tracking))) return [];
  const at = positions?.get("sending.trackingDomain") ?? { line: 1, col: 1 };
  return [
    {
      file,
      line: at.line,
      col: at.col,
      code: "E_VALUE",
      path: "sending.trackingDomain",
      message: `expected a tracking domain whose sending domain was verified before this pull request, got "${tracking}": it is covered only by ${covering.join(", ")}, which this pull request adds; SES refuses a tracking domain that is not yet verified (InvalidTrackingOptions) and the new identity verifies only after \`pulumi up\` and its DKIM records. Add the tracking domain in a later pull request, once ${covering[0]} verifies`,
    },
  ];
}
