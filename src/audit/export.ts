import { createHash, hash, type Hash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { FilterPage, FilteredLogEvent, LogTimeRange } from "../aws/logs";
import type { Clock } from "../core/clock";
import { usageError } from "../core/errors";
import { admitInline, type AdmittedBatch, type Admitter } from "./admit";
import { BufferedWriter, LineReader } from "./lineFiles";
import {
  eventsFileName,
  LEAVES_NAME,
  MANIFEST_NAME,
  REJECTS_NAME,
  serializeManifest,
  sha256Hex,
  type AuditManifest,
  type ExportCounts,
  type ManifestBlob,
  type ManifestFile,
} from "./manifest";
import { appendRun, compareEntries, RunMerger, type SortEntry } from "./merge";
import { ChunkedMerkle, MerkleAccumulator, type SubtreeHasher } from "./merkle";
import { CSV_HEADER, csvRecord, type ExportFormat } from "./records";

/** Reads the pages of one time range of the tenant's audit group (rate-limited and retrying, or in memory). */
export type PageSource = (range: LogTimeRange, options: { nextToken?: string; limit?: number }) => AsyncIterable<FilterPage>;

export interface ExportTuning {
  /** Time slices read concurrently (default: one per 6 hours of range, at most 64). */
  readonly slices?: number;
  /** Slices read at the same time (default 4). */
  readonly concurrency?: number;
  /** FilterLogEvents page size (default: the API's 10,000). */
  readonly pageLimit?: number;
  /** Events per output file (default 1,000,000). */
  readonly maxFileEvents?: number;
}

export interface ExportRequest {
  readonly tenant: string;
  readonly logGroupName: string;
  /** Inclusive start. */
  readonly from: Date;
  /** Exclusive end. */
  readonly to: Date;
  readonly format: ExportFormat;
  readonly outDir: string;
  readonly resume: boolean;
  readonly toolVersion: string;
  readonly previousManifestSha256?: string;
  readonly tuning?: ExportTuning;
  /** How the pages are read (recorded in the manifest's query): FilterLogEvents (default) or export tasks to S3. */
  readonly via?: { readonly api: "CreateExportTask"; readonly bucket: string };
}

export interface ExportProgress {
  /** Reading pages, then merging the spilled runs into the output files. */
  readonly phase: "read" | "merge";
  readonly read: number;
  readonly pages: number;
  /** Events merged so far (merge phase). */
  readonly merged: number;
  /** Share of the phase done, 0–1: of the time range while reading, of the events read while merging. */
  readonly fraction: number;
}

export interface ExportDeps {
  readonly pages: PageSource;
  readonly clock: Clock;
  readonly onProgress?: (p: ExportProgress) => void;
  /** Stops the export between pages (the checkpoint stays, for --resume). */
  readonly signal?: AbortSignal;
  /** Validates pages; default on this thread. An AdmitPool (src/audit/admitPool.ts) moves the work to workers. */
  readonly admit?: Admitter;
  /** Hashes the Merkle tree's inner nodes, a chunk of leaves at a time; default on this thread (AdmitPool.subtreeRoot). */
  readonly subtreeRoot?: SubtreeHasher;
}

export interface ExportSummary {
  readonly tenant: string;
  readonly outDir: string;
  readonly range: { readonly from: string; readonly to: string };
  readonly format: ExportFormat;
  readonly counts: ExportCounts;
  readonly files: readonly ManifestFile[];
  readonly merkleRoot: string;
  readonly manifestSha256: string;
  /** "fresh", "resumed" (continued from a checkpoint) or "complete" (--resume found a finished export). */
  readonly run: "fresh" | "resumed" | "complete";
}

/** The work folder inside the output folder: checkpoint and spill files, removed when the export completes. */
export const WORK_DIR = ".audit-export";
const CHECKPOINT = "checkpoint.json";
const CHECKPOINT_VERSION = 2;

interface SliceState {
  readonly index: number;
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
  done: boolean;
  /** Where to continue reading (after the last page whose events are in a run file). */
  nextToken?: string;
  /** Run files of the slice with their committed sizes (a crash may leave bytes beyond them: cut on resume). */
  runs: { file: string; bytes: number }[];
  rejectBytes: number;
  read: number;
  rejected: number;
}

interface Checkpoint {
  /** 2: run lines carry the leaf hash (`ms \t id \t leaf \t json`). */
  readonly checkpointVersion: typeof CHECKPOINT_VERSION;
  readonly params: Record<string, string | number | null>;
  readonly generatedAt: string;
  readonly slices: SliceState[];
}

const DAY_QUARTER_MS = 6 * 60 * 60 * 1000;

/**
 * Exports a tenant's audit events to `outDir`: events files ordered by (timestamp, eventId), deduplicated by eventId,
 * a rejects file, the Merkle leaves and manifest.json.
 *
 * How memory stays flat: slices are read concurrently; each page's valid events are sorted and spilled at once
 * (invalid ones go to the slice's rejects file), so memory holds a page per slice being read. A spill whose first
 * event does not sort before the slice's last spilled one extends the slice's current run file (FilterLogEvents
 * returns events in time order, so a slice is usually one run); otherwise it starts a new run. When every slice is
 * read, the run files are k-way merged (in passes of at most 64 files) straight into the output files. Dedupe
 * needs no set of all ids: in (ms, eventId, json) order, every copy of an event sits next to the others — a retried
 * PutLogEvents stores the same bytes, hence the same timestamp — so the merge compares each entry with the one
 * before. A same-eventId entry with other content is not silently dropped: it goes to the rejects file.
 *
 * How --resume gives the same bytes: after every page the checkpoint records, per slice, the nextToken of the next
 * page, the run files with their sizes and the rejects size; a resumed slice cuts its files back to those sizes and
 * continues from the token. Output depends only on the set of events read, never on timing: the merge order is
 * total, and the rejects file is the slices' rejects in slice order (each in page order), then the merge's conflicts.
 */
export async function runAuditExport(req: ExportRequest, deps: ExportDeps): Promise<ExportSummary> {
  const from = req.from.getTime();
  const to = req.to.getTime();
  if (!(to > from)) throw usageError("E_EXPORT_RANGE", `--to (${req.to.toISOString()}) must be after --from (${req.from.toISOString()})`);
  const tuning = {
    slices: req.tuning?.slices ?? Math.min(64, Math.max(1, Math.ceil((to - from) / DAY_QUARTER_MS))),
    concurrency: req.tuning?.concurrency ?? 4,
    pageLimit: req.tuning?.pageLimit ?? 10_000,
    maxFileEvents: req.tuning?.maxFileEvents ?? 1_000_000,
  };
  const work = join(req.outDir, WORK_DIR);
  const checkpointPath = join(work, CHECKPOINT);
  const params: Record<string, string | number | null> = {
    tenant: req.tenant,
    logGroupName: req.logGroupName,
    from: req.from.toISOString(),
    to: req.to.toISOString(),
    format: req.format,
    previousManifestSha256: req.previousManifestSha256 ?? null,
    api: req.via?.api ?? "FilterLogEvents",
    bucket: req.via?.bucket ?? null,
    ...tuning,
  };
  delete params.concurrency; // concurrency changes timing only, never the output: a resume may use another

  let checkpoint: Checkpoint;
  let run: ExportSummary["run"] = "fresh";
  if (req.resume) {
    if (!existsSync(checkpointPath)) {
      if (existsSync(join(req.outDir, MANIFEST_NAME))) return completeSummary(req);
      throw usageError("E_EXPORT_RESUME", `nothing to resume in ${req.outDir}: no ${WORK_DIR}/${CHECKPOINT}`, "run the export without --resume");
    }
    checkpoint = JSON.parse(readFileSync(checkpointPath, "utf8")) as Checkpoint;
    if (checkpoint.checkpointVersion !== CHECKPOINT_VERSION) {
      throw usageError("E_EXPORT_RESUME", `cannot resume: the interrupted export in ${req.outDir} was made by another version of emailmate-ops`, "start again in an empty folder");
    }
    for (const [key, value] of Object.entries(params)) {
      if (checkpoint.params[key] !== value) {
        throw usageError(
          "E_EXPORT_RESUME",
          `cannot resume: ${key} was ${JSON.stringify(checkpoint.params[key])} in the interrupted export, now ${JSON.stringify(value)}`,
          "resume with the same options, or start again in an empty folder",
        );
      }
    }
    run = "resumed";
  } else {
    if (existsSync(req.outDir) && readdirSync(req.outDir).length > 0) {
      throw usageError("E_EXPORT_OUT", `${req.outDir} is not empty`, existsSync(checkpointPath) ? "add --resume to continue the interrupted export" : "choose an empty or new folder");
    }
    mkdirSync(work, { recursive: true });
    const size = Math.ceil((to - from) / tuning.slices);
    const slices: SliceState[] = [];
    for (let i = 0, start = from; start < to; i++, start += size) {
      slices.push({ index: i, start, end: Math.min(to, start + size), done: false, runs: [], rejectBytes: 0, read: 0, rejected: 0 });
    }
    checkpoint = { checkpointVersion: CHECKPOINT_VERSION, params, generatedAt: deps.clock.now().toISOString(), slices };
    saveCheckpoint(checkpointPath, checkpoint);
  }

  // Phase 1: read the slices (concurrently), spilling sorted runs.
  const live = { read: 0, pages: 0, covered: new Map<number, number>() };
  for (const s of checkpoint.slices) {
    live.read += s.read;
    if (s.done) live.covered.set(s.index, s.end - s.start);
  }
  const report = () => {
    let covered = 0;
    for (const v of live.covered.values()) covered += v;
    deps.onProgress?.({ phase: "read", read: live.read, pages: live.pages, merged: 0, fraction: Math.min(1, covered / (to - from)) });
  };
  const pending = checkpoint.slices.filter((s) => !s.done);
  let nextPending = 0;
  // The first failure stops every reader between pages, so nothing is still writing when the export returns.
  const stop: { error?: unknown } = {};
  const stopped = () => (stop.error !== undefined ? stop.error : deps.signal?.aborted ? (deps.signal.reason ?? new Error("export aborted")) : undefined);
  const worker = async () => {
    for (let s = pending[nextPending++]; s !== undefined && stop.error === undefined; s = pending[nextPending++]) {
      try {
        await readSlice(s, req, tuning, work, deps, live, report, () => saveCheckpoint(checkpointPath, checkpoint), stopped);
      } catch (err) {
        stop.error ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(tuning.concurrency, Math.max(1, pending.length)) }, worker));
  if (stop.error !== undefined) throw stop.error;

  // Phase 2: merge into the output files (redone in full on a resume after a crash here: it is local and fast).
  const manifest = await writeOutputs(req, tuning, work, checkpoint, deps.subtreeRoot, (merged, total) =>
    deps.onProgress?.({ phase: "merge", read: total, pages: live.pages, merged, fraction: total === 0 ? 1 : merged / total }),
  );
  const manifestText = serializeManifest(manifest);
  writeFileSync(join(req.outDir, MANIFEST_NAME), manifestText);
  rmSync(work, { recursive: true, force: true });
  return summaryOf(req, manifest, sha256Hex(manifestText), run);
}

function saveCheckpoint(path: string, checkpoint: Checkpoint): void {
  writeFileSync(path + ".tmp", JSON.stringify(checkpoint));
  renameSync(path + ".tmp", path);
}

const sliceRejectsPath = (work: string, slice: number) => join(work, `slice-${slice}-rejects.jsonl`);

/** A rejected log event, as one line of rejects.jsonl. */
function rejectLine(reason: string, e: FilteredLogEvent): string {
  return JSON.stringify({ reason, timestamp: new Date(e.timestamp).toISOString(), logStreamName: e.logStreamName ?? null, message: e.message }) + "\n";
}

export { admitLogEvent } from "./admit";

async function readSlice(
  slice: SliceState,
  req: ExportRequest,
  tuning: Required<ExportTuning>,
  work: string,
  deps: ExportDeps,
  live: { read: number; pages: number; covered: Map<number, number> },
  report: () => void,
  save: () => void,
  stopped: () => unknown,
): Promise<void> {
  const rejectsPath = sliceRejectsPath(work, slice.index);
  if (existsSync(rejectsPath)) truncateSync(rejectsPath, slice.rejectBytes);
  const committed = new Set(slice.runs.map((r) => r.file));
  for (const r of slice.runs) truncateSync(join(work, r.file), r.bytes);
  for (const f of readdirSync(work)) {
    // a run file started after the slice's last checkpoint is not part of it
    if (f.startsWith(`slice-${slice.index}-run-`) && !committed.has(f)) rmSync(join(work, f));
  }
  const rejects = new BufferedWriter(rejectsPath, "a", 1 << 16);
  let read = slice.read;
  let rejected = slice.rejected;
  /** The last entry of the current run, while this process wrote it (a resumed slice starts a new run). */
  let runTail: SortEntry | undefined;
  /** Spills a page's sorted entries: extending the current run when they sort after its tail, else in a new run. */
  const spill = (batch: AdmittedBatch) => {
    if (batch.count === 0) return;
    const current = slice.runs[slice.runs.length - 1];
    const extend = current !== undefined && runTail !== undefined && compareEntries(runTail, batch.first as SortEntry) <= 0;
    const run = extend ? (current as { file: string; bytes: number }) : { file: `slice-${slice.index}-run-${slice.runs.length}.txt`, bytes: 0 };
    if (!extend) slice.runs.push(run);
    run.bytes = appendRun(join(work, run.file), batch.run);
    runTail = batch.last;
  };
  const flush = (nextToken: string | undefined, done: boolean) => {
    rejects.flush();
    slice.rejectBytes = statSync(rejectsPath).size;
    slice.read = read;
    slice.rejected = rejected;
    slice.nextToken = nextToken;
    slice.done = done;
    save();
  };
  try {
    // FilterLogEvents' endTime is inclusive: end - 1 keeps neighbouring slices apart.
    const range = { startTime: slice.start, endTime: slice.end - 1 };
    let finished = false;
    const admit = deps.admit ?? admitInline;
    const pages = deps.pages(range, { nextToken: slice.nextToken, limit: tuning.pageLimit })[Symbol.asyncIterator]();
    let exhausted = false;
    try {
      for (;;) {
        let next: IteratorResult<FilterPage> | undefined;
        try {
          next = await pages.next();
        } catch (err) {
          exhausted = true; // a source that threw has ended (for await … of would not call return either)
          throw err;
        }
        if (next.done === true) {
          exhausted = true;
          break;
        }
        // Keep only what the rejects need besides the message (which admission hands back for rejected events), so
        // that the page's messages can go as soon as admission has them: a page held across the await would live
        // long enough to be promoted to the old generation, costing collections on this thread.
        let page: FilterPage | undefined = next.value;
        next = undefined;
        const { nextToken } = page;
        const count = page.events.length;
        const stamps = page.events.map((e) => e.timestamp);
        const streams = page.events.map((e) => e.logStreamName);
        const pending = admit(
          page.events.map((e) => e.message),
          req.tenant,
          req.format === "jsonl",
        );
        page = undefined;
        const batch = await pending;
        read += count;
        batch.rejected.forEach((index, k) =>
          rejects.write(rejectLine(batch.reasons[k] as string, { timestamp: stamps[index] as number, logStreamName: streams[index], message: batch.messages[k] as string })),
        );
        rejected += batch.rejected.length;
        spill(batch);
        live.read += count;
        live.pages++;
        if (count > 0) live.covered.set(slice.index, Math.max(0, (stamps[count - 1] as number) - slice.start));
        if (nextToken === undefined) {
          finished = true;
          break;
        }
        flush(nextToken, false);
        report();
        const reason = stopped();
        if (reason !== undefined) throw reason;
      }
    } finally {
      // as for await … of does when the loop ends early
      if (!exhausted) await pages.return?.();
    }
    if (!finished) throw new Error(`FilterLogEvents pages of slice ${slice.index} ended without a last page`);
    flush(undefined, true);
    live.covered.set(slice.index, slice.end - slice.start);
    report();
  } finally {
    rejects.close();
  }
}

/** Writes events files (with their hashes), the Merkle leaves and the rejects file; returns the manifest. */
async function writeOutputs(
  req: ExportRequest,
  tuning: Required<ExportTuning>,
  work: string,
  checkpoint: Checkpoint,
  subtreeRoot: SubtreeHasher | undefined,
  onMerged: (merged: number, total: number) => void,
): Promise<AuditManifest> {
  const total = checkpoint.slices.reduce((n, s) => n + s.read - s.rejected, 0);
  let merged = 0;
  const runs: string[] = [];
  for (const s of checkpoint.slices) for (const r of s.runs) runs.push(join(work, r.file));
  for (const f of readdirSync(work)) if (f.startsWith("merge-")) rmSync(join(work, f));

  const conflictsPath = join(work, "merge-conflicts.jsonl");
  const conflicts = new BufferedWriter(conflictsPath, "w", 1 << 16);
  const files: ManifestFile[] = [];
  const merkle = new MerkleAccumulator();
  const tree = new ChunkedMerkle(merkle, subtreeRoot);
  const leaves = new HashingWriter(join(req.outDir, LEAVES_NAME));
  let file: { name: string; out: RecordFileWriter; events: number; first: number; last: number } | undefined;
  const closeFile = () => {
    if (!file) return;
    const { bytes, sha256 } = file.out.close();
    files.push({
      name: file.name,
      bytes,
      sha256,
      events: file.events,
      firstEventTime: file.events > 0 ? new Date(file.first).toISOString() : null,
      lastEventTime: file.events > 0 ? new Date(file.last).toISOString() : null,
    });
    file = undefined;
  };
  const openFile = () => {
    const name = eventsFileName(files.length + 1, req.format);
    file = { name, out: new RecordFileWriter(join(req.outDir, name)), events: 0, first: 0, last: 0 };
    if (req.format === "csv") file.out.writeText(CSV_HEADER);
  };

  let written = 0;
  let duplicates = 0;
  let prev: SortEntry | undefined;
  const merger = new RunMerger(runs, (n) => join(work, `merge-pass-${n}.txt`));
  for (let e = merger.next(); e !== undefined; e = merger.next()) {
    if (++merged % 50_000 === 0) onMerged(merged, total);
    if (prev !== undefined && prev.ms === e.ms && prev.id === e.id) {
      if (prev.json === e.json) duplicates++;
      else {
        conflicts.write(JSON.stringify({ reason: `eventId ${e.id}: another event with this id and timestamp was exported; this copy differs`, timestamp: new Date(e.ms).toISOString(), logStreamName: null, message: e.json }) + "\n");
      }
      continue;
    }
    prev = e;
    if (file === undefined || file.events >= tuning.maxFileEvents) {
      closeFile();
      openFile();
    }
    const f = file as NonNullable<typeof file>;
    if (req.format === "jsonl" && e.leaf !== "") {
      // the record is the canonical JSON, whose leaf hash admission computed (src/audit/admit.ts)
      f.out.writeRecord(e.json, false);
      tree.addLeafHex(e.leaf);
      leaves.write(e.leaf + "\n");
    } else {
      const leaf = f.out.writeRecord(req.format === "jsonl" ? e.json : csvRecord(JSON.parse(e.json)), true);
      tree.addLeaf(leaf);
      leaves.write(leaf.toString("hex") + "\n");
    }
    if (tree.backlog > 4) await tree.drain(2);
    if (f.events === 0) f.first = e.ms;
    f.last = e.ms;
    f.events++;
    written++;
  }
  await tree.finish();
  if (file === undefined) openFile(); // an empty export still has one (empty) events file
  closeFile();
  conflicts.close();
  const leavesBlob = leaves.close();

  const rejectsOut = new HashingWriter(join(req.outDir, REJECTS_NAME));
  let rejected = 0;
  const copy = (path: string) => {
    if (!existsSync(path)) return;
    const reader = new LineReader(path);
    for (let line = reader.next(); line !== undefined; line = reader.next()) {
      if (line === "") continue;
      rejectsOut.write(line + "\n");
      rejected++;
    }
    reader.close();
  };
  for (const s of checkpoint.slices) copy(sliceRejectsPath(work, s.index));
  copy(conflictsPath);
  const rejectsBlob = rejectsOut.close();

  const read = checkpoint.slices.reduce((n, s) => n + s.read, 0);
  if (read !== written + rejected + duplicates) {
    throw new Error(`export counts do not add up: read ${read} ≠ written ${written} + rejected ${rejected} + duplicates ${duplicates}`);
  }
  const manifest: AuditManifest = {
    manifestVersion: 1,
    tool: { name: "emailmate-ops", version: req.toolVersion },
    tenant: req.tenant,
    range: { from: req.from.toISOString(), to: req.to.toISOString() },
    query: {
      api: req.via?.api ?? "FilterLogEvents",
      logGroupName: req.logGroupName,
      interleaved: true,
      filterPattern: null,
      slices: checkpoint.slices.length,
      ...(req.via ? { bucket: req.via.bucket } : {}),
    },
    format: req.format,
    generatedAt: checkpoint.generatedAt,
    counts: { read, written, rejected, duplicates },
    files,
    rejects: { name: REJECTS_NAME, ...rejectsBlob, records: rejected },
    merkle: { algorithm: "RFC6962-SHA256", leaves: merkle.size, root: merkle.root().toString("hex"), leavesFile: { name: LEAVES_NAME, ...leavesBlob, records: merkle.size } },
    ...(req.previousManifestSha256 === undefined ? {} : { previousManifestSha256: req.previousManifestSha256 }),
  };
  return manifest;
}

/** A BufferedWriter that also counts the bytes and hashes them as written (per flushed chunk). */
class HashingWriter {
  private readonly out: BufferedWriter;
  private readonly hash: Hash = createHash("sha256");
  private bytes = 0;

  constructor(path: string) {
    this.out = new BufferedWriter(path, "w", 1 << 16, (chunk) => {
      this.hash.update(chunk);
      this.bytes += chunk.length;
    });
  }

  write(text: string): void {
    this.out.write(text);
  }

  close(): { bytes: number; sha256: string } {
    this.out.close();
    return { bytes: this.bytes, sha256: this.hash.digest("hex") };
  }
}

/**
 * Writes records ("\n"-terminated) to an events file and returns each record's RFC 6962 leaf hash, encoding each
 * record once: into the output buffer, then hashing it in place with the byte before it set to 0x00 for the moment
 * (one UTF-8 encoding and no string copies per event; the file's sha256 and size are taken per flushed chunk).
 */
class RecordFileWriter {
  private readonly fd: number;
  private readonly fileHash: Hash = createHash("sha256");
  private bytes = 0;
  /** buf[0] is scratch for the 0x00 prefix of the first record after a flush; data starts at 1. */
  private buf = Buffer.allocUnsafe((1 << 20) + 1);
  private pos = 1;

  constructor(path: string) {
    this.fd = openSync(path, "w");
  }

  private ensure(room: number): void {
    if (this.pos + room <= this.buf.length) return;
    this.flush();
    if (1 + room > this.buf.length) this.buf = Buffer.allocUnsafe(1 + room);
  }

  writeText(text: string): void {
    this.ensure(Buffer.byteLength(text, "utf8"));
    this.pos += this.buf.write(text, this.pos, "utf8");
  }

  /** Writes one record and its "\n"; returns its leaf hash when asked to hash it. */
  writeRecord(record: string, leafHash: true): Buffer;
  writeRecord(record: string, leafHash: false): undefined;
  writeRecord(record: string, leafHash: boolean): Buffer | undefined {
    this.ensure(record.length * 3 + 1);
    const start = this.pos;
    const n = this.buf.write(record, start, "utf8");
    let leaf: Buffer | undefined;
    if (leafHash) {
      const before = this.buf[start - 1] as number;
      this.buf[start - 1] = 0x00;
      leaf = hash("sha256", this.buf.subarray(start - 1, start + n), "buffer");
      this.buf[start - 1] = before;
    }
    this.buf[start + n] = 0x0a;
    this.pos = start + n + 1;
    return leaf;
  }

  private flush(): void {
    if (this.pos === 1) return;
    const chunk = this.buf.subarray(1, this.pos);
    this.fileHash.update(chunk);
    this.bytes += chunk.length;
    writeSync(this.fd, chunk);
    this.pos = 1;
  }

  close(): { bytes: number; sha256: string } {
    this.flush();
    closeSync(this.fd);
    return { bytes: this.bytes, sha256: this.fileHash.digest("hex") };
  }
}

function summaryOf(req: ExportRequest, manifest: AuditManifest, manifestSha256: string, run: ExportSummary["run"]): ExportSummary {
  return {
    tenant: manifest.tenant,
    outDir: req.outDir,
    range: manifest.range,
    format: manifest.format,
    counts: manifest.counts,
    files: manifest.files,
    merkleRoot: manifest.merkle.root,
    manifestSha256,
    run,
  };
}

function completeSummary(req: ExportRequest): ExportSummary {
  const text = readFileSync(join(req.outDir, MANIFEST_NAME), "utf8");
  const manifest = JSON.parse(text) as AuditManifest;
  // A finished export answers --resume only for the same request: anything else would report (and audit) an export
  // of a range, format or chain that was never made.
  const asked: Record<string, unknown> = {
    tenant: req.tenant,
    from: req.from.toISOString(),
    to: req.to.toISOString(),
    format: req.format,
    previousManifestSha256: req.previousManifestSha256 ?? null,
  };
  const made: Record<string, unknown> = {
    tenant: manifest.tenant,
    from: manifest.range.from,
    to: manifest.range.to,
    format: manifest.format,
    previousManifestSha256: manifest.previousManifestSha256 ?? null,
  };
  for (const key of Object.keys(asked)) {
    if (asked[key] !== made[key]) {
      throw usageError(
        "E_EXPORT_RESUME",
        `${req.outDir} holds a finished export with ${key} ${JSON.stringify(made[key])}, not ${JSON.stringify(asked[key])}`,
        "run it with the options it was made with, or export into an empty folder",
      );
    }
  }
  return summaryOf(req, manifest, sha256Hex(text), "complete");
}

export type { ManifestBlob };
