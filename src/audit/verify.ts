import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import type { KeyObject } from "node:crypto";
import { usageError } from "../core/errors";
import { SIGNATURE_NAME, type SignatureCheck } from "../signing/signature";
import { checkFolderSignature } from "../signing/verifyDir";
import { checkParsedAuditEvent } from "./event";
import { LineReader } from "./lineFiles";
import { LEAVES_NAME, MANIFEST_NAME, sha256Hex, type AuditManifest, type ManifestBlob, type ManifestFile } from "./manifest";
import { MerkleAccumulator, leafHash } from "./merkle";
import { CSV_COLUMNS, CSV_HEADER, csvFields } from "./records";

/** Where verification found the first difference: a file and, when it can be told, the 1-based line. */
export interface VerifyProblem {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly dir: string;
  readonly tenant?: string;
  readonly events?: number;
  readonly merkleRoot?: string;
  readonly problem?: VerifyProblem;
  /** Files in the folder that the manifest does not list (not part of the export; reported, not judged). */
  readonly unlisted: readonly string[];
  /** The KMS signature of manifest.json (manifest.sig.json), checked offline before anything else. */
  readonly signature: SignatureCheck | "unsigned";
}

class Found extends Error {
  constructor(readonly problem: VerifyProblem) {
    super(problem.message);
  }
}

const fail = (file: string, line: number | undefined, message: string): never => {
  throw new Found(line === undefined ? { file, message } : { file, line, message });
};

/** sha256 and size of a whole file, streamed. */
function hashFile(path: string): { bytes: number; sha256: string } {
  const hash = createHash("sha256");
  const fd = openSync(path, "r");
  const buf = Buffer.allocUnsafe(1 << 20);
  let bytes = 0;
  try {
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) {
      hash.update(buf.subarray(0, n));
      bytes += n;
    }
  } finally {
    closeSync(fd);
  }
  return { bytes, sha256: hash.digest("hex") };
}

function countQuotes(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(0x22); i >= 0; i = b.indexOf(0x22, i + 1)) n++;
  return n;
}

/**
 * Recomputes everything the manifest claims — each file's size and sha256, every record's leaf hash against
 * leaves.sha256, the Merkle root, per-file event counts and first/last times, order and uniqueness of events, their
 * validity (JSONL), the counts — and stops at the first difference, naming the file and line. With `previousManifest`,
 * also checks the chain link. A folder without manifest.json is a usage error (exit 2), not a failed verification.
 */
export function verifyExport(dir: string, options: { previousManifest?: string; publicKey?: KeyObject } = {}): VerifyResult {
  const manifestPath = join(dir, MANIFEST_NAME);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw usageError("E_VERIFY_DIR", `${dir} is not a folder`);
  if (!existsSync(manifestPath)) throw usageError("E_VERIFY_DIR", `${dir} holds no ${MANIFEST_NAME}: not an audit export folder`);
  let manifest: AuditManifest | undefined;
  const unlisted: string[] = [];
  // The signature first: a swapped or edited manifest is named as such, before its hashes send us to the files.
  const signature = checkFolderSignature(dir, MANIFEST_NAME, options.publicKey);
  try {
    if (signature !== "unsigned" && !signature.ok) fail(signature.problem!.file, undefined, signature.problem!.message);
    manifest = readManifest(manifestPath);
    const listed = new Set([MANIFEST_NAME, SIGNATURE_NAME, manifest.rejects.name, manifest.merkle.leavesFile.name, ...manifest.files.map((f) => f.name)]);
    for (const f of readdirSync(dir).sort()) if (!listed.has(f)) unlisted.push(f);
    verifyWith(dir, manifest, options.previousManifest);
    return { ok: true, dir, tenant: manifest.tenant, events: manifest.counts.written, merkleRoot: manifest.merkle.root, unlisted, signature };
  } catch (err) {
    if (!(err instanceof Found)) throw err;
    return { ok: false, dir, tenant: manifest?.tenant, events: manifest?.counts.written, merkleRoot: manifest?.merkle.root, problem: err.problem, unlisted, signature };
  }
}

function readManifest(path: string): AuditManifest {
  let m: AuditManifest;
  try {
    m = JSON.parse(readFileSync(path, "utf8")) as AuditManifest;
  } catch (err) {
    return fail(MANIFEST_NAME, undefined, `not valid JSON: ${(err as Error).message}`);
  }
  // Every field verification reads, of the type it reads it as: a hand-edited manifest is a failed verification, never a crash.
  const blobOk = (b: unknown): boolean => {
    const x = b as { name?: unknown; bytes?: unknown; sha256?: unknown } | null;
    return x !== null && typeof x === "object" && typeof x.name === "string" && /^[\w.-]+$/.test(x.name) && typeof x.bytes === "number" && typeof x.sha256 === "string";
  };
  const counts = (m as { counts?: unknown } | null)?.counts as Record<string, unknown> | null | undefined;
  const shapeOk =
    m !== null &&
    typeof m === "object" &&
    m.manifestVersion === 1 &&
    typeof m.tenant === "string" &&
    (m.format === "jsonl" || m.format === "csv") &&
    Array.isArray(m.files) &&
    m.files.every((f) => blobOk(f) && typeof f.events === "number") &&
    blobOk(m.rejects) &&
    typeof m.merkle === "object" &&
    m.merkle !== null &&
    blobOk(m.merkle.leavesFile) &&
    m.merkle.leavesFile.name === LEAVES_NAME &&
    typeof m.merkle.root === "string" &&
    typeof counts === "object" &&
    counts !== null &&
    ["read", "written", "rejected", "duplicates"].every((k) => typeof counts[k] === "number");
  if (!shapeOk) fail(MANIFEST_NAME, undefined, "not an audit export manifest (manifestVersion 1)");
  return m;
}

function verifyWith(dir: string, m: AuditManifest, previousManifest: string | undefined): void {
  // Whole-file hashes first: they tell which file to blame when a record and its stored leaf disagree.
  const intact = new Map<string, boolean>();
  const checkBlob = (entry: { name: string; bytes: number; sha256: string }): boolean => {
    const path = join(dir, entry.name);
    if (!existsSync(path)) fail(entry.name, undefined, "missing");
    const actual = hashFile(path);
    const ok = actual.bytes === entry.bytes && actual.sha256 === entry.sha256;
    intact.set(entry.name, ok);
    return ok;
  };
  for (const f of m.files) checkBlob(f);
  const leavesIntact = checkBlob(m.merkle.leavesFile);

  const leaves = new LineReader(join(dir, m.merkle.leavesFile.name));
  const merkle = new MerkleAccumulator();
  let prev: { ms: number; id: string } | undefined;
  try {
    for (const f of m.files) {
      prev = verifyEventsFile(dir, f, m, leaves, merkle, leavesIntact, intact.get(f.name) === true, prev);
    }
    const extra = leaves.next();
    if (extra !== undefined) fail(m.merkle.leavesFile.name, leaves.lineNumber, `leaf ${leaves.lineNumber} has no event in the events files`);
  } finally {
    leaves.close();
  }
  if (!leavesIntact) fail(m.merkle.leavesFile.name, undefined, `size or sha256 differs from the manifest`);
  const root = merkle.root().toString("hex");
  if (merkle.size !== m.merkle.leaves) fail(MANIFEST_NAME, undefined, `merkle.leaves says ${m.merkle.leaves}, the files hold ${merkle.size} events`);
  if (root !== m.merkle.root) fail(MANIFEST_NAME, undefined, `merkle.root is ${m.merkle.root}, the events give ${root}`);

  verifyRejects(dir, m.rejects);
  const written = m.files.reduce((n, f) => n + f.events, 0);
  const c = m.counts;
  if (c.written !== written) fail(MANIFEST_NAME, undefined, `counts.written is ${c.written}, the files hold ${written} events`);
  if (c.rejected !== m.rejects.records) fail(MANIFEST_NAME, undefined, `counts.rejected is ${c.rejected}, ${m.rejects.name} holds ${m.rejects.records}`);
  if (c.read !== c.written + c.rejected + c.duplicates) {
    fail(MANIFEST_NAME, undefined, `counts do not add up: read ${c.read} ≠ written ${c.written} + rejected ${c.rejected} + duplicates ${c.duplicates}`);
  }
  if (previousManifest !== undefined) {
    const text = readFileSync(previousManifest);
    const hash = sha256Hex(text);
    if (m.previousManifestSha256 !== hash) {
      fail(MANIFEST_NAME, undefined, `previousManifestSha256 is ${m.previousManifestSha256 ?? "absent"}, ${previousManifest} hashes to ${hash}`);
    }
    let prevTenant: unknown;
    try {
      prevTenant = (JSON.parse(text.toString("utf8")) as { tenant?: unknown } | null)?.tenant;
    } catch {
      fail(previousManifest, undefined, "not valid JSON: expected the previous export's manifest.json");
    }
    if (prevTenant !== m.tenant) fail(MANIFEST_NAME, undefined, `the previous manifest is of tenant ${String(prevTenant)}, this one of ${m.tenant}`);
  }
}

function verifyEventsFile(
  dir: string,
  f: ManifestFile,
  m: AuditManifest,
  leaves: LineReader,
  merkle: MerkleAccumulator,
  leavesIntact: boolean,
  fileIntact: boolean,
  prevIn: { ms: number; id: string } | undefined,
): { ms: number; id: string } | undefined {
  let prev = prevIn;
  const reader = new LineReader(join(dir, f.name));
  let events = 0;
  let first: number | undefined;
  let last: number | undefined;
  try {
    if (m.format === "csv") {
      const header = reader.next();
      if (header === undefined || header + "\n" !== CSV_HEADER) fail(f.name, 1, "the CSV header differs");
    }
    for (let bytes = reader.nextBytes(); bytes !== undefined; bytes = reader.nextBytes()) {
      const line = reader.lineNumber;
      let record = bytes;
      if (m.format === "csv") {
        while (countQuotes(record) % 2 === 1) {
          const more = reader.nextBytes();
          if (more === undefined) fail(f.name, line, "the CSV record's quotes are not closed");
          record = Buffer.concat([record, Buffer.from("\n"), more as Buffer]);
        }
      }
      events++;
      const leaf = leafHash(record);
      merkle.addLeafHash(leaf);
      const stored = leaves.next();
      if (stored !== leaf.toString("hex")) {
        if (!fileIntact || leavesIntact) {
          fail(f.name, line, stored === undefined ? "an event beyond those the manifest lists" : `the event differs from the one exported (leaf ${leaves.lineNumber} of ${LEAVES_NAME})`);
        }
        fail(LEAVES_NAME, leaves.lineNumber, `leaf ${leaves.lineNumber} differs from the hash of ${f.name} line ${line}`);
      }
      const key = recordKey(record.toString("utf8"), m, f.name, line);
      if (prev !== undefined && (key.ms < prev.ms || (key.ms === prev.ms && key.id <= prev.id))) {
        fail(f.name, line, key.ms === prev.ms && key.id === prev.id ? `duplicate eventId ${key.id}` : "out of order: events must be ordered by timestamp, then eventId");
      }
      prev = key;
      first ??= key.ms;
      last = key.ms;
    }
  } finally {
    reader.close();
  }
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  if (events !== f.events) fail(f.name, undefined, `holds ${events} events, the manifest says ${f.events}`);
  if (iso(first) !== f.firstEventTime || iso(last) !== f.lastEventTime) {
    fail(f.name, undefined, `events span ${iso(first)} – ${iso(last)}, the manifest says ${f.firstEventTime} – ${f.lastEventTime}`);
  }
  if (!fileIntact) fail(f.name, undefined, "size or sha256 differs from the manifest (outside any event record)");
  return prev;
}

/** The sort key of one record; a JSONL record must also be a valid audit event of the manifest's tenant. */
function recordKey(record: string, m: AuditManifest, file: string, line: number): { ms: number; id: string } {
  if (m.format === "jsonl") {
    let value: unknown;
    try {
      value = JSON.parse(record);
    } catch {
      return fail(file, line, "not valid JSON");
    }
    const checked = checkParsedAuditEvent(value);
    if (!checked.ok) return fail(file, line, `not a valid audit event: ${checked.reason}`);
    if (checked.event.tenant !== m.tenant) return fail(file, line, `tenant is ${checked.event.tenant}, the export's is ${m.tenant}`);
    return { ms: Date.parse(checked.event.timestamp), id: checked.event.eventId };
  }
  const fields = csvFields(record);
  if (fields === undefined || fields.length !== CSV_COLUMNS.length) return fail(file, line, `expected ${CSV_COLUMNS.length} CSV fields`);
  const ms = Date.parse(fields[1] as string);
  if (Number.isNaN(ms)) return fail(file, line, "the timestamp field is not a date");
  if (fields[2] !== m.tenant) return fail(file, line, `tenant is ${fields[2]}, the export's is ${m.tenant}`);
  return { ms, id: fields[0] as string };
}

function verifyRejects(dir: string, blob: ManifestBlob): void {
  const path = join(dir, blob.name);
  if (!existsSync(path)) fail(blob.name, undefined, "missing");
  const reader = new LineReader(path);
  let records = 0;
  try {
    for (let line = reader.next(); line !== undefined; line = reader.next()) {
      records++;
      let ok = false;
      try {
        const r = JSON.parse(line) as { reason?: unknown; message?: unknown };
        ok = typeof r.reason === "string" && typeof r.message === "string";
      } catch {
        ok = false;
      }
      if (!ok) fail(blob.name, reader.lineNumber, "not a reject record ({reason, timestamp, logStreamName, message})");
    }
  } finally {
    reader.close();
  }
  if (records !== blob.records) fail(blob.name, undefined, `holds ${records} records, the manifest says ${blob.records}`);
  const actual = hashFile(path);
  if (actual.bytes !== blob.bytes || actual.sha256 !== blob.sha256) fail(blob.name, undefined, "size or sha256 differs from the manifest");
}
