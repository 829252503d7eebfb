import { basename, extname } from "node:path";
import type { Diagnostic } from "../config/diagnostics";
import { DiagnosticsError, sortDiagnostics } from "../config/diagnostics";
import { issuesToDiagnostics } from "../config/schemaIssues";
import { decodeUtf8, parseYamlText } from "../config/yamlFile";
import { readYamlSources, type YamlFileSystem } from "../config/yamlSources";
import { tenantNames, type TenantNames } from "./names";
import { tenantFsAt } from "./nodeFs";
import { keptPositions, rememberPositions, rememberSource, type Position } from "./fields";
import { claimsOf, crossFileRules, type ClaimingFile, type CrossFileOptions } from "./rules";
import { tenantSchema, type TenantFile } from "./schema";

/** The one validated tenant model every part of the project uses. */
export interface Tenant extends TenantFile {
  readonly names: TenantNames;
  /** The file the tenant was read from, as given (relative paths stay relative). */
  readonly file: string;
}

/** A tenant file after parsing on its own, before the rules that look across files. */
export interface ParsedTenant extends ClaimingFile {
  readonly file: string;
  readonly tenant?: Tenant;
  /** Where the kept fields stand (id, domains, the fields reports point at), by dotted path; the document itself is not kept. */
  readonly positions?: ReadonlyMap<string, Position>;
  readonly diagnostics: readonly Diagnostic[];
}

export interface TenantSet {
  /** Files read, sorted. */
  readonly files: readonly string[];
  /** Valid tenants, sorted by id; empty when any diagnostic was found. */
  readonly tenants: readonly Tenant[];
  /** Tenants whose own file has no problem, sorted by id: what commands about one tenant may use when others are broken. */
  readonly usable: readonly Tenant[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The file system, as much of it as tenant loading needs. */
export type TenantFileSystem = YamlFileSystem;

export const nodeTenantFs: TenantFileSystem = tenantFsAt(process.cwd());

/**
 * Parses and validates one tenant file on its own. Pure: takes the bytes. Even when the schema refuses the file, its
 * well-formed id and domains are kept as claims, so the rules across files still see them (all problems in one run).
 */
export function parseTenant(file: string, bytes: Uint8Array): ParsedTenant {
  const decoded = decodeUtf8(file, bytes);
  if (!decoded.ok) return { file, diagnostics: decoded.diagnostics };
  const parsed = parseYamlText(file, decoded.text);
  if (!parsed.ok) return { file, diagnostics: parsed.diagnostics };
  const { value, locator } = parsed.parsed;
  const positions = keptPositions(value, locator);
  const claims = claimsOf(value);
  const result = tenantSchema.safeParse(value);
  if (!result.success) {
    return { file, claims, positions, diagnostics: issuesToDiagnostics(file, tenantSchema, value, locator, result.error.issues) };
  }
  const data = result.data;
  const stem = basename(file, extname(file));
  if (stem !== data.id) {
    const { line, col } = locator.at(["id"]);
    return {
      file,
      claims,
      positions,
      diagnostics: [{ file, line, col, code: "E_ID_MISMATCH", path: "id", message: `id "${data.id}" must equal the file name; expected "${stem}" (or rename the file to ${data.id}.yaml)` }],
    };
  }
  const tenant: Tenant = { ...data, names: tenantNames(data.id), file };
  rememberPositions(tenant, positions);
  rememberSource(tenant, bytes);
  return { file, claims, positions, diagnostics: [], tenant };
}

/** Validates a set of tenant files given as bytes: each file, then the cross-file rules. Pure. */
export function validateTenantSources(sources: readonly { file: string; bytes: Uint8Array }[], options: CrossFileOptions = {}): TenantSet {
  const sorted = [...sources].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const parsed = sorted.map((s) => parseTenant(s.file, s.bytes));
  return finish(sorted.map((s) => s.file), parsed, [], options);
}

const byId = (a: Tenant, b: Tenant) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function finish(files: string[], parsed: ParsedTenant[], early: Diagnostic[], options: CrossFileOptions): TenantSet {
  const diagnostics = sortDiagnostics([...early, ...parsed.flatMap((p) => p.diagnostics), ...crossFileRules(parsed, options)]);
  const broken = new Set(diagnostics.map((d) => d.file));
  const usable = parsed.flatMap((p) => (p.tenant !== undefined && !broken.has(p.file) ? [p.tenant] : [])).sort(byId);
  const tenants = diagnostics.length > 0 ? [] : usable;
  return { files, tenants, usable, diagnostics };
}

/**
 * Reads tenant files from paths (files, or folders whose *.yaml / *.yml are read, not recursively) and validates them.
 * Files over 1 MiB are refused without being read.
 */
export function loadTenants(paths: readonly string[], fs: TenantFileSystem = nodeTenantFs, options: CrossFileOptions = {}): TenantSet {
  const read = readYamlSources(paths, fs, "tenant");
  return finish(read.files, read.sources.map((s) => parseTenant(s.file, s.bytes)), read.diagnostics, options);
}

/** For commands that need valid tenants: the tenants, or a DiagnosticsError (exit 2) listing every problem. */
export function loadTenantsOrThrow(paths: readonly string[], fs: TenantFileSystem = nodeTenantFs): readonly Tenant[] {
  const set = loadTenants(paths, fs);
  if (set.diagnostics.length > 0) throw new DiagnosticsError(set.diagnostics, "tenant files");
  return set.tenants;
}

/**
 * For commands about one or a few tenants (an incident, an audit export): the tenants `ids` name, from a set where
 * other files may be broken. Throws every problem (exit 2) when one could concern a tenant asked for: the tenant is not
 * among the usable ones, or a problem sits in a file named after it. Otherwise returns the usable tenants and the other
 * files' problems, for the caller to warn about: one broken file does not block work on another tenant.
 */
export function tenantsConcerning(set: TenantSet, ids: readonly string[]): { tenants: readonly Tenant[]; others: readonly Diagnostic[] } {
  if (set.diagnostics.length === 0) return { tenants: set.tenants, others: [] };
  const usable = new Set(set.usable.map((t) => t.id));
  const concerned = new Set(ids);
  const blocking = ids.some((id) => !usable.has(id)) || set.diagnostics.some((d) => concerned.has(basename(d.file, extname(d.file))));
  if (blocking) throw new DiagnosticsError(set.diagnostics, "tenant files");
  return { tenants: set.usable, others: set.diagnostics };
}
