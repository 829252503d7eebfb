import { basename, extname } from "node:path";
import type { Diagnostic } from "../config/diagnostics";
import { DiagnosticsError, sortDiagnostics } from "../config/diagnostics";
import { issuesToDiagnostics } from "../config/schemaIssues";
import { decodeUtf8, parseYamlText, type Locator } from "../config/yamlFile";
import { readYamlSources, type YamlFileSystem } from "../config/yamlSources";
import { tenantNames, type TenantNames } from "./names";
import { tenantFsAt } from "./nodeFs";
import { tenantSchema, type TenantFile } from "./schema";

/** The one validated tenant model every part of the project uses. */
export interface Tenant extends TenantFile {
  readonly names: TenantNames;
  /** The file the tenant was read from, as given (relative paths stay relative). */
  readonly file: string;
}

/** A tenant file after parsing on its own, before the rules that look across files. */
export interface ParsedTenant {
  readonly file: string;
  readonly tenant?: Tenant;
  /** Where the fields that the cross-file rules point at stand (id, domains), by dotted path; the document itself is not kept. */
  readonly positions?: ReadonlyMap<string, { line: number; col: number }>;
  readonly diagnostics: readonly Diagnostic[];
}

type Position = { line: number; col: number };

function crossFilePositions(t: TenantFile, locator: Locator): Map<string, Position> {
  const paths: (string | number)[][] = [["id"], ...t.sending.domains.map((_, i) => ["sending", "domains", i])];
  if (t.sending.trackingDomain !== undefined) paths.push(["sending", "trackingDomain"]);
  return new Map(paths.map((p) => [p.join("."), locator.at(p)]));
}

export interface TenantSet {
  /** Files read, sorted. */
  readonly files: readonly string[];
  /** Valid tenants, sorted by id; empty when any diagnostic was found. */
  readonly tenants: readonly Tenant[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The file system, as much of it as tenant loading needs. */
export type TenantFileSystem = YamlFileSystem;

export const nodeTenantFs: TenantFileSystem = tenantFsAt(process.cwd());

/** Parses and validates one tenant file on its own. Pure: takes the bytes. */
export function parseTenant(file: string, bytes: Uint8Array): ParsedTenant {
  const decoded = decodeUtf8(file, bytes);
  if (!decoded.ok) return { file, diagnostics: decoded.diagnostics };
  const parsed = parseYamlText(file, decoded.text);
  if (!parsed.ok) return { file, diagnostics: parsed.diagnostics };
  const { value, locator } = parsed.parsed;
  const result = tenantSchema.safeParse(value);
  if (!result.success) {
    return { file, diagnostics: issuesToDiagnostics(file, tenantSchema, value, locator, result.error.issues) };
  }
  const data = result.data;
  const stem = basename(file, extname(file));
  if (stem !== data.id) {
    const { line, col } = locator.at(["id"]);
    return {
      file,
      diagnostics: [{ file, line, col, code: "E_ID_MISMATCH", path: "id", message: `id "${data.id}" must equal the file name; expected "${stem}" (or rename the file to ${data.id}.yaml)` }],
    };
  }
  return { file, positions: crossFilePositions(data, locator), diagnostics: [], tenant: { ...data, names: tenantNames(data.id), file } };
}

/** Rules across files: unique ids, unique domains (sending and tracking, case-insensitive). Points at the second use. */
export function crossFileRules(parsed: readonly ParsedTenant[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ids = new Map<string, ParsedTenant>();
  const domains = new Map<string, { owner: ParsedTenant; where: string }>();
  for (const p of parsed) {
    const t = p.tenant;
    if (t === undefined || p.positions === undefined) continue;
    const positions = p.positions;
    const at = (path: (string | number)[]): Position => positions.get(path.join(".")) ?? { line: 1, col: 1 };
    const firstId = ids.get(t.id);
    if (firstId !== undefined) {
      const { line, col } = at(["id"]);
      out.push({ file: p.file, line, col, code: "E_DUPLICATE_ID", path: "id", message: `tenant id "${t.id}" is already used by ${firstId.file}; expected a unique id` });
    } else {
      ids.set(t.id, p);
    }
    const uses: { domain: string; path: (string | number)[] }[] = t.sending.domains.map((d, i) => ({ domain: d, path: ["sending", "domains", i] }));
    if (t.sending.trackingDomain !== undefined) uses.push({ domain: t.sending.trackingDomain, path: ["sending", "trackingDomain"] });
    for (const use of uses) {
      const { line, col } = at(use.path);
      const first = domains.get(use.domain);
      if (first === undefined) {
        domains.set(use.domain, { owner: p, where: `${p.file}:${line}:${col}` });
      } else if (first.owner !== p) {
        out.push({
          file: p.file,
          line,
          col,
          code: "E_DUPLICATE_DOMAIN",
          path: use.path.join("."),
          message: `domain "${use.domain}" is already used by tenant ${first.owner.tenant?.id} (${first.where}); expected domains unique across tenants`,
        });
      }
    }
  }
  return out;
}

/** Validates a set of tenant files given as bytes: each file, then the cross-file rules. Pure. */
export function validateTenantSources(sources: readonly { file: string; bytes: Uint8Array }[]): TenantSet {
  const sorted = [...sources].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const parsed = sorted.map((s) => parseTenant(s.file, s.bytes));
  return finish(sorted.map((s) => s.file), parsed, []);
}

function finish(files: string[], parsed: ParsedTenant[], early: Diagnostic[]): TenantSet {
  const diagnostics = sortDiagnostics([...early, ...parsed.flatMap((p) => p.diagnostics), ...crossFileRules(parsed)]);
  const tenants = diagnostics.length > 0 ? [] : parsed.map((p) => p.tenant!).sort((a, b) => (a.id < b.id ? -1 : 1));
  return { files, tenants, diagnostics };
}

/**
 * Reads tenant files from paths (files, or folders whose *.yaml / *.yml are read, not recursively) and validates them.
 * Files over 1 MiB are refused without being read.
 */
export function loadTenants(paths: readonly string[], fs: TenantFileSystem = nodeTenantFs): TenantSet {
  const read = readYamlSources(paths, fs, "tenant");
  return finish(read.files, read.sources.map((s) => parseTenant(s.file, s.bytes)), read.diagnostics);
}

/** For commands that need valid tenants: the tenants, or a DiagnosticsError (exit 2) listing every problem. */
export function loadTenantsOrThrow(paths: readonly string[], fs: TenantFileSystem = nodeTenantFs): readonly Tenant[] {
  const set = loadTenants(paths, fs);
  if (set.diagnostics.length > 0) throw new DiagnosticsError(set.diagnostics, "tenant files");
  return set.tenants;
}
