import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { DiagnosticsError } from "../config/diagnostics";
import { ExitCode, OpsError, usageError } from "../core/errors";
import { Journal, JOURNAL_FILE } from "./journal";
import { parseRunbookText } from "./load";
import type { Runbook } from "./schema";
import { foldJournal, type IncidentMeta, type IncidentState } from "./state";

/** `INC-20261129-001` */
export const INCIDENT_ID_PATTERN = /^INC-\d{8}-\d{3}$/;

/** The incidents folder: `--incidents-dir`, else EMAILMATE_INCIDENTS_DIR, else `.incidents` under the working directory. */
export function incidentsDir(cwd: string, env: Readonly<Record<string, string | undefined>>, option?: string): string {
  return resolve(cwd, option ?? env.EMAILMATE_INCIDENTS_DIR ?? ".incidents");
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** JSON with object keys sorted: the same value always gives the same text (for digests). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Creates the next incident of the day (`INC-YYYYMMDD-NNN`, by UTC date): the folder is made atomically, so two
 * engineers starting incidents at once get different ids. Writes the journal's first entry.
 */
export function createIncident(dir: string, at: Date, meta: Omit<IncidentMeta, "id">): { id: string; journal: Journal; folder: string } {
  mkdirSync(dir, { recursive: true });
  const day = at.toISOString().slice(0, 10).replace(/-/g, "");
  for (let n = 1; n <= 999; n++) {
    const id = `INC-${day}-${String(n).padStart(3, "0")}`;
    const folder = join(dir, id);
    try {
      mkdirSync(folder);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw err;
    }
    const journal = Journal.create(join(folder, JOURNAL_FILE), at, { id, ...meta });
    return { id, journal, folder };
  }
  throw new OpsError("E_INCIDENT_IDS", `999 incidents already opened on ${day}`, { exitCode: ExitCode.environment });
}

export interface OpenIncident {
  readonly id: string;
  readonly folder: string;
  readonly journal: Journal;
  readonly runbook: Runbook;
  readonly state: IncidentState;
}

/** Opens an incident: verifies its journal (refusing one that fails) and re-reads the runbook text it started with. */
export function openIncident(dir: string, id: string): OpenIncident {
  if (!INCIDENT_ID_PATTERN.test(id)) throw usageError("E_INCIDENT_ID", `invalid incident id ${JSON.stringify(id)}: expected INC-YYYYMMDD-NNN`);
  const folder = join(dir, id);
  if (!existsSync(join(folder, JOURNAL_FILE))) {
    throw usageError("E_INCIDENT_NOT_FOUND", `no incident ${id} in ${dir}`, "list incidents with `emailmate-ops incident list` (or pass --incidents-dir)");
  }
  const journal = Journal.open(join(folder, JOURNAL_FILE));
  const meta = journal.entries[0]!.data as unknown as IncidentMeta;
  if (sha256(meta.runbookText) !== meta.runbookSha256) {
    throw new OpsError("E_JOURNAL_INVALID", `JOURNAL FAILS VERIFICATION: the runbook text recorded in ${id} does not match its digest`, { exitCode: ExitCode.findings });
  }
  const parsed = parseRunbookText(meta.runbookFile, meta.runbookText);
  if (!parsed.runbook) throw new DiagnosticsError(parsed.diagnostics, `the runbook recorded in ${id}`);
  const runbook = parsed.runbook;
  return { id, folder, journal, runbook, state: foldJournal(journal.entries, runbook.steps.map((s) => s.id)) };
}

/** Incident ids in the folder, oldest first. */
export function listIncidentIds(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => INCIDENT_ID_PATTERN.test(n) && existsSync(join(dir, n, JOURNAL_FILE)))
    .sort();
}
