import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ExitCode, usageError } from "../../core/errors";
import { scanPaths, scanStream, type FileKeyHit, type KeyRecord, type ScanSummary } from "../../keys";
import { parseKeyRecords } from "../../keys/records";
import type { CliContext, CommandResult } from "../context";

export interface KeysScanOptions {
  readonly paths: readonly string[];
  readonly records?: string;
  readonly startIncident: boolean;
  readonly tenants: string;
  readonly runbooks: string;
  readonly incidentsDir?: string;
  readonly as?: string;
}

export interface KeysScanFinding extends FileKeyHit {
  /** The key's owner, when `--records` knows its hash. */
  readonly owner?: { readonly tenant: string; readonly agent: string; readonly last4: string; readonly revokedAt: string | null };
}

export interface KeysScanResult {
  readonly found: KeysScanFinding[];
  readonly files: number;
  readonly bytes: number;
  readonly skippedBinary: string[];
  readonly unreadable: string[];
  /** Incidents opened with --start-incident (dry runs of leaked-api-key), one per owned key. */
  readonly incidents: { readonly id: string; readonly tenant: string; readonly agent: string; readonly last4: string }[];
}

function loadRecords(file: string, ctx: CliContext): Map<string, KeyRecord> {
  const { records, problems } = parseKeyRecords(readFileSync(resolve(ctx.cwd, file), "utf8"));
  if (problems.length > 0) throw usageError("E_KEY_RECORDS", problems.map((p) => `${file}:${p.line}:1: E_KEY_RECORDS ${p.message}`).join("\n"));
  return records;
}

/**
 * `keys scan <path…|->`: keys with a valid checksum in files, folders or stdin; each masked with its hash, never the
 * whole key. Exit 1 when one is found. With `--records`, names the owner; `--start-incident` opens leaked-api-key.
 */
export async function keysScan(opts: KeysScanOptions, ctx: CliContext): Promise<CommandResult<KeysScanResult>> {
  if (opts.paths.length === 0) throw usageError("E_USAGE", "keys scan: give at least one file or folder, or - for stdin");
  if (opts.startIncident && opts.records === undefined) throw usageError("E_USAGE", "--start-incident needs --records <jsonl>: the owner of a key is known only from its stored record");
  const records = opts.records === undefined ? new Map<string, KeyRecord>() : loadRecords(opts.records, ctx);
  const parts: ScanSummary[] = [];
  const files = opts.paths.filter((p) => p !== "-");
  if (opts.paths.includes("-")) {
    if (ctx.stdin === undefined) throw usageError("E_USAGE", "keys scan -: no standard input available");
    parts.push(await scanStream(ctx.stdin));
  }
  if (files.length > 0) parts.push(await scanPaths(files, (p) => resolve(ctx.cwd, p)));
  const found: KeysScanFinding[] = parts.flatMap((s) => s.hits).map((h) => {
    const r = records.get(h.sha256);
    return r === undefined ? h : { ...h, owner: { tenant: r.tenant, agent: r.agent, last4: r.last4, revokedAt: r.revokedAt } };
  });
  const incidents = opts.startIncident ? await startIncidents(found, opts, ctx) : [];
  const result: KeysScanResult = {
    found,
    files: parts.reduce((n, s) => n + s.files, 0),
    bytes: parts.reduce((n, s) => n + s.bytes, 0),
    skippedBinary: parts.flatMap((s) => s.skippedBinary),
    unreadable: parts.flatMap((s) => s.unreadable),
    incidents,
  };
  return { data: result, exitCode: found.length > 0 ? ExitCode.findings : ExitCode.ok, text: () => scanText(result) };
}

async function startIncidents(found: readonly KeysScanFinding[], opts: KeysScanOptions, ctx: CliContext): Promise<KeysScanResult["incidents"]> {
  const { incidentStart } = await import("./incident-start");
  const out: KeysScanResult["incidents"] = [];
  const started = new Set<string>();
  for (const f of found) {
    if (f.owner === undefined || started.has(f.sha256)) continue;
    started.add(f.sha256);
    const run = await incidentStart(
      {
        runbook: "leaked-api-key",
        params: [`tenant=${f.owner.tenant}`, `agent=${f.owner.agent}`, `keyLast4=${f.owner.last4}`, `foundAt=${f.file}:${f.line}:${f.col}`],
        execute: false,
        as: opts.as,
        confirm: [],
        note: [],
        approve: [],
        retry: [],
        tenants: opts.tenants,
        runbooks: opts.runbooks,
        incidentsDir: opts.incidentsDir,
      },
      ctx,
    );
    out.push({ id: run.data.id, tenant: f.owner.tenant, agent: f.owner.agent, last4: f.owner.last4 });
  }
  return out;
}

function scanText(r: KeysScanResult): string {
  const lines = r.found.map((f) => {
    const owner = f.owner === undefined ? "owner unknown" : `tenant ${f.owner.tenant}, agent ${f.owner.agent}${f.owner.revokedAt === null ? "" : `, revoked ${f.owner.revokedAt}`}`;
    return `${f.file}:${f.line}:${f.col}: ${f.masked} sha256:${f.sha256} (${owner})`;
  });
  for (const s of r.skippedBinary) lines.push(`skipped (binary): ${s}`);
  for (const s of r.unreadable) lines.push(`skipped (unreadable): ${s}`);
  for (const i of r.incidents) lines.push(`opened ${i.id} (leaked-api-key, dry run) for tenant ${i.tenant}, agent ${i.agent}, key …${i.last4}`);
  lines.push(`${r.found.length === 0 ? "no keys found" : `${r.found.length} key${r.found.length === 1 ? "" : "s"} found`} in ${r.files} file${r.files === 1 ? "" : "s"} (${r.bytes} bytes)`);
  return lines.join("\n");
}
