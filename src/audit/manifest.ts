import { createHash } from "node:crypto";
import type { ExportFormat } from "./records";

/** One events file of an export. Times are ISO 8601 UTC (millisecond precision) of the first and last event. */
export interface ManifestFile {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly events: number;
  readonly firstEventTime: string | null;
  readonly lastEventTime: string | null;
}

export interface ManifestBlob {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly records: number;
}

export interface ExportCounts {
  /** Log events read from CloudWatch Logs (every copy, valid or not). */
  readonly read: number;
  /** Events written to the events files. */
  readonly written: number;
  /** Log events in the rejects file (not a valid audit event of this tenant, or a conflicting copy of an eventId). */
  readonly rejected: number;
  /** Exact copies of an already-written event (same eventId, same content), left out. */
  readonly duplicates: number;
}

export interface ExportQuery {
  readonly api: "FilterLogEvents" | "CreateExportTask";
  readonly logGroupName: string;
  readonly interleaved: true;
  readonly filterPattern: null;
  /** How many time slices the range was read in (does not change the output). */
  readonly slices: number;
  /** With CreateExportTask: the S3 bucket the tasks wrote to. */
  readonly bucket?: string;
}

/**
 * manifest.json: what was exported, how, and the hashes that make any later change evident. The Merkle root is over
 * one leaf per exported event, the leaf data being the event's record bytes as written (the JSONL line, or the CSV
 * record) without its "\n"; `leavesFile` lists each leaf hash (hex, one a line) so verify can name the first line
 * that differs. `previousManifestSha256` links an export to the previous one of the same tenant (--chain).
 */
export interface AuditManifest {
  readonly manifestVersion: 1;
  readonly tool: { readonly name: "emailmate-ops"; readonly version: string };
  readonly tenant: string;
  /** [from, to): from inclusive, to exclusive. */
  readonly range: { readonly from: string; readonly to: string };
  readonly query: ExportQuery;
  readonly format: ExportFormat;
  readonly generatedAt: string;
  readonly counts: ExportCounts;
  readonly files: readonly ManifestFile[];
  readonly rejects: ManifestBlob;
  readonly merkle: {
    readonly algorithm: "RFC6962-SHA256";
    readonly leaves: number;
    readonly root: string;
    readonly leavesFile: ManifestBlob;
  };
  readonly previousManifestSha256?: string;
}

export const MANIFEST_NAME = "manifest.json";
export const REJECTS_NAME = "rejects.jsonl";
export const LEAVES_NAME = "leaves.sha256";

export function eventsFileName(index: number, format: ExportFormat): string {
  return `events-${String(index).padStart(6, "0")}.${format}`;
}

/** The manifest's bytes: two-space JSON and a final newline (what --chain hashes). */
export function serializeManifest(manifest: AuditManifest): string {
  return JSON.stringify(manifest, null, 2) + "\n";
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
