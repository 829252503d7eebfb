import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, normalize } from "node:path";
import { DiagnosticsError, type Diagnostic } from "../config/diagnostics";
import { usageError } from "../core/errors";
import type { ResourceRecord } from "../core/resource";
import { PROJECT, type StackSettings } from "../infra/settings";
import { selectShard, stackModel } from "../infra/stackModel";
import { tenantModel } from "../infra/tenantModel";
import type { ComponentModel } from "../infra/model";
import { loadTenants, parseTenant, tenantFsAt, type Tenant } from "../tenants";
import { destructionWarning, diffRecords, type ResourceChange } from "./diff";
import { evaluateComponents } from "./evaluate";
import { blobId, openGitRef, type GitEntry, type GitReader } from "./git";
import { offlineDefaults, parseStackFile, STACK_NAME_PATTERN, type StackFile } from "./stackConfig";

export interface PlanDiffOptions {
  /** The project folder (holds the stack files); inside a git work tree. */
  readonly cwd: string;
  /** The git ref to compare the working tree against. */
  readonly base: string;
  /** Stacks to compare; default: every `Pulumi.<stack>.yaml` at the base ref or in the working tree. */
  readonly stacks?: readonly string[];
  /** Tenant folder on both sides; default: each side's stack `tenantsDir`. */
  readonly tenantsDir?: string;
  /** For tests: the git reader to use instead of running git. */
  readonly git?: GitReader;
}

export interface TenantChanges {
  readonly added: string[];
  readonly changed: string[];
  readonly removed: string[];
}

export interface Destruction {
  readonly stack: string;
  readonly tenant?: string;
  readonly urn: string;
  readonly warning: string;
}

export interface StackDiff {
  readonly stack: string;
  /** `added`/`removed`: the stack file exists on one side only; `changed`: its config differs. */
  readonly stackFile: "added" | "removed" | "changed" | "unchanged";
  readonly shard: number;
  readonly shards: number;
  readonly platform: boolean;
  readonly tenants: TenantChanges;
  readonly counts: { readonly create: number; readonly update: number; readonly delete: number };
  readonly changes: ResourceChange[];
}

/** What `plan --base` returns and prints with `--json`. */
export interface PlanDiffResult {
  readonly base: { readonly ref: string; readonly commit: string };
  readonly head: "working tree";
  readonly stacks: StackDiff[];
  /** Stacks (shards) with any change: plan, check and preview only these. */
  readonly affected: string[];
  /** `affected` as a GitHub Actions job matrix (`strategy.matrix: ${{ fromJSON(…) }}`). */
  readonly matrix: { readonly include: { readonly stack: string }[] };
  /** Resources that would be destroyed and why that matters (audit log groups, KMS keys, identities…). */
  readonly destroyed: Destruction[];
  readonly counts: { readonly create: number; readonly update: number; readonly delete: number };
  /** Files of the model (the code that turns tenants into resources) that differ from the base; then every stack counts as affected. */
  readonly modelChanged: string[];
  /** Things the reader should know: base files that do not parse, and what was assumed. */
  readonly warnings: string[];
}

interface Side {
  readonly stackFile?: StackFile;
  readonly stackOid?: string;
}

interface TenantSide {
  /** path → blob id */
  readonly oids: Map<string, string>;
  /** path → tenant (valid files only) */
  readonly tenants: Map<string, Tenant>;
}

/** What turns tenant and stack files into resources: a change here changes resources the diff cannot show. */
export const MODEL_PATHS = ["src", "stacks", "package.json", "package-lock.json", "Pulumi.yaml"] as const;

const STACK_FILE = /^Pulumi\.(.+)\.yaml$/;

function stackNames(cwd: string, baseEntries: readonly GitEntry[]): string[] {
  const names = new Set<string>();
  for (const f of existsSync(cwd) ? readdirSync(cwd) : []) {
    const m = STACK_FILE.exec(f);
    if (m !== null) names.add(m[1]!);
  }
  for (const e of baseEntries) {
    const m = STACK_FILE.exec(e.path);
    if (m !== null) names.add(m[1]!);
  }
  return [...names].filter((n) => STACK_NAME_PATTERN.test(n)).sort();
}

/**
 * `plan --base`: the resources added, changed and removed, per stack and tenant, between the stack and tenant
 * files at a git ref and in the working tree, both planned by the working tree's model (the fast engine).
 * The base is read with git into memory; the working tree is never touched. Only what differs is planned: with an
 * unchanged stack file, only tenants whose files changed are evaluated, so the cost tracks the size of the change.
 */
export function planDiff(opts: PlanDiffOptions): PlanDiffResult {
  const git = opts.git ?? openGitRef(opts.cwd, opts.base);
  const warnings: string[] = [];
  const rootEntries = git.list(".");
  const names = opts.stacks ?? stackNames(opts.cwd, rootEntries);
  const offline = names.length === 0;
  const stacks = offline ? ["dev"] : [...names];
  if (offline) warnings.push("no Pulumi.<stack>.yaml at either side: compared the offline default stack dev (eu-west-1, account 123456789012)");

  const baseStackEntries = new Map(rootEntries.map((e) => [e.path, e.oid]));
  const headTenantCache = new Map<string, TenantSide>();
  const baseTenantCache = new Map<string, TenantSide>();
  const baseLabel = (path: string) => `${opts.base}:${path}`;

  const headTenants = (dir: string): TenantSide => {
    const cached = headTenantCache.get(dir);
    if (cached !== undefined) return cached;
    const set = loadTenants([dir], tenantFsAt(opts.cwd));
    if (set.diagnostics.length > 0) throw new DiagnosticsError(set.diagnostics, "tenant files");
    const tenants = new Map(set.tenants.map((t) => [normalize(t.file), t]));
    const oids = new Map([...tenants.keys()].map((p) => [p, blobId(readFileSync(join(opts.cwd, p)))]));
    const side = { oids, tenants };
    headTenantCache.set(dir, side);
    return side;
  };

  /** Base tenant files; only those in `wanted` (paths) are parsed, or all when `wanted` is undefined. */
  const baseTenants = (dir: string, wanted?: (path: string, oid: string) => boolean): TenantSide => {
    const key = `${dir}\0${wanted === undefined ? "all" : "changed"}`;
    const cached = baseTenantCache.get(key);
    if (cached !== undefined) return cached;
    const entries = git.list(dir).filter((e) => e.path.endsWith(".yaml") || e.path.endsWith(".yml"));
    const oids = new Map(entries.map((e) => [normalize(e.path), e.oid]));
    const toRead = entries.filter((e) => wanted === undefined || wanted(normalize(e.path), e.oid));
    const blobs = git.read([...new Set(toRead.map((e) => e.oid))]);
    const tenants = new Map<string, Tenant>();
    for (const e of toRead) {
      const parsed = parseTenant(normalize(e.path), blobs.get(e.oid)!);
      if (parsed.tenant !== undefined) tenants.set(normalize(e.path), parsed.tenant);
      else warnings.push(`${baseLabel(e.path)} does not validate at the base (${firstProblem(parsed.diagnostics)}): its resources count as absent there`);
    }
    const side = { oids, tenants };
    baseTenantCache.set(key, side);
    return side;
  };

  const out: StackDiff[] = [];
  for (const stack of stacks) {
    if (!STACK_NAME_PATTERN.test(stack)) throw usageError("E_USAGE", `invalid stack name ${JSON.stringify(stack)}; expected e.g. dev or prod-2`);
    const file = `Pulumi.${stack}.yaml`;
    const headPath = join(opts.cwd, file);
    const head: Side = offline
      ? { stackFile: offlineDefaults(), stackOid: "offline" }
      : existsSync(headPath)
        ? { stackFile: parseStackFile(file, readFileSync(headPath)), stackOid: blobId(readFileSync(headPath)) }
        : {};
    const baseOid = baseStackEntries.get(file);
    const base: Side = offline
      ? { stackFile: offlineDefaults(), stackOid: "offline" }
      : baseOid !== undefined
        ? { stackFile: parseStackFile(baseLabel(file), git.read([baseOid]).get(baseOid)!), stackOid: baseOid }
        : {};
    if (head.stackFile === undefined && base.stackFile === undefined) {
      throw usageError("E_STACK_CONFIG", `no ${file} at ${opts.base} or in the working tree; expected a stack that exists on one side at least`);
    }
    out.push(diffStack(stack, head, base));
  }

  function diffStack(stack: string, head: Side, base: Side): StackDiff {
    const headDir = head.stackFile === undefined ? undefined : normalize(opts.tenantsDir ?? head.stackFile.settings.tenantsDir);
    const baseDir = base.stackFile === undefined ? undefined : normalize(opts.tenantsDir ?? base.stackFile.settings.tenantsDir);
    const headSide = headDir === undefined ? undefined : headTenants(headDir);
    const whole = head.stackOid !== base.stackOid || headDir !== baseDir;
    // Unchanged stack file and folder: a tenant whose file has the same blob at both sides declares the same resources.
    const unchangedPath = (path: string, oid: string) => headSide?.oids.get(path) === oid;
    const baseSide = baseDir === undefined ? undefined : whole ? baseTenants(baseDir) : baseTenants(baseDir, (p, o) => !unchangedPath(p, o));

    const components = (side: Side, tenants: TenantSide | undefined, only: ((path: string) => boolean) | undefined): ResourceRecord[] => {
      if (side.stackFile === undefined || tenants === undefined) return [];
      const settings: StackSettings = side.stackFile.settings;
      const ctx = { project: PROJECT, stack, env: settings.env, region: settings.region };
      const chosen = [...tenants.tenants].filter(([p]) => only === undefined || only(p)).map(([, t]) => t);
      const models: ComponentModel[] = only === undefined ? stackModel(chosen, settings) : selectShard(chosen, settings).map((t) => tenantModel(t, settings.env));
      return evaluateComponents(models, ctx);
    };
    const headOnly = whole ? undefined : (p: string) => baseSide?.oids.get(p) !== headSide?.oids.get(p);
    const baseOnly = whole ? undefined : (p: string) => baseSide?.oids.get(p) !== headSide?.oids.get(p);
    const changes = diffRecords(components(base, baseSide, baseOnly), components(head, headSide, headOnly));

    const settings = (head.stackFile ?? base.stackFile)!.settings;
    return {
      stack,
      stackFile: base.stackFile === undefined ? "added" : head.stackFile === undefined ? "removed" : whole ? "changed" : "unchanged",
      shard: settings.tenantShard,
      shards: settings.tenantShards,
      platform: settings.platform,
      tenants: tenantChanges(changes),
      counts: countActions(changes),
      changes,
    };
  }

  const modelChanged = git.changed(MODEL_PATHS);
  if (modelChanged.length > 0) {
    warnings.push(
      `the model code differs from the base (${modelChanged.slice(0, 3).join(", ")}${modelChanged.length > 3 ? ` and ${modelChanged.length - 3} more` : ""}): both sides are planned with the working tree's code, so what the code change itself does is not shown; every stack counts as affected`,
    );
  }
  const affected = out.filter((s) => modelChanged.length > 0 || s.changes.length > 0 || s.stackFile !== "unchanged").map((s) => s.stack);
  const destroyed: Destruction[] = out.flatMap((s) =>
    s.changes.flatMap((c) => {
      const lost = c.action === "delete" || c.replaces === true ? destructionWarning(c) : undefined;
      if (lost === undefined) return [];
      const warning = c.replaces === true ? `REPLACED (${(c.changes ?? []).map((x) => x.path).join(", ")} cannot change in place): ${lost}` : lost;
      return [{ stack: s.stack, ...(c.tenant === undefined ? {} : { tenant: c.tenant }), urn: c.urn, warning }];
    }),
  );
  for (const s of out) {
    if (s.stackFile === "removed") warnings.push(`Pulumi.${s.stack}.yaml is removed: the stack's resources stay deployed until \`pulumi destroy --stack ${s.stack}\`, which would delete what is listed`);
  }
  return {
    base: { ref: opts.base, commit: git.commit },
    head: "working tree",
    stacks: out,
    affected,
    matrix: { include: affected.map((stack) => ({ stack })) },
    destroyed,
    modelChanged,
    counts: out.reduce((a, s) => ({ create: a.create + s.counts.create, update: a.update + s.counts.update, delete: a.delete + s.counts.delete }), { create: 0, update: 0, delete: 0 }),
    warnings,
  };
}

function firstProblem(diagnostics: readonly Diagnostic[]): string {
  const d = diagnostics[0];
  return d === undefined ? "unknown problem" : `${d.line}:${d.col} ${d.message}${diagnostics.length > 1 ? ` and ${diagnostics.length - 1} more` : ""}`;
}

function countActions(changes: readonly ResourceChange[]): StackDiff["counts"] {
  const counts = { create: 0, update: 0, delete: 0 };
  for (const c of changes) counts[c.action]++;
  return counts;
}

/** Tenants whose component is created (added), deleted (removed), or that keep their component but change inside. */
function tenantChanges(changes: readonly ResourceChange[]): TenantChanges {
  const component = new Map<string, ResourceChange["action"] | "inside">();
  for (const c of changes) {
    if (c.tenant === undefined) continue;
    const isComponent = c.name === c.tenant && c.type.startsWith("emailmate:");
    if (isComponent) component.set(c.tenant, c.action);
    else if (!component.has(c.tenant)) component.set(c.tenant, "inside");
  }
  const out: TenantChanges = { added: [], changed: [], removed: [] };
  for (const [id, action] of [...component].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (action === "create") out.added.push(id);
    else if (action === "delete") out.removed.push(id);
    else out.changed.push(id);
  }
  return out;
}
