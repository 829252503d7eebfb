import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { AdmitPool } from "../../audit/admitPool";
import { ulidGenerator } from "../../audit/ids";
import { runAuditExport, type ExportProgress, type ExportSummary } from "../../audit/export";
import { exportTaskPageSource } from "../../audit/exportTaskSource";
import { sha256Hex } from "../../audit/manifest";
import { cloudWatchPageSource, type PageSourceStats } from "../../audit/pageSource";
import { exportableTenant, parseInstant } from "../../audit/policy";
import { systemTimer, TokenBucket } from "../../audit/rateLimit";
import { EXPORT_FORMATS, type ExportFormat } from "../../audit/records";
import { createCloudWatchAuditSink } from "../../audit/writer";
import { awsClientConfig } from "../../aws/config";
import { CloudWatchLogsAdapter, logsClientConfig } from "../../aws/logs";
import { environmentError, ExitCode, OpsError, usageError } from "../../core/errors";
import { toolVersion } from "../../core/version";
import { loadTenantsFor } from "../tenantsFor";
import { progress, type CliContext, type CommandResult } from "../context";
import { DEFAULT_RETRY } from "../../audit/retry";
import { publicKeyFromKms, signFolderManifest } from "./evidence-aws";

/**
 * Retried reads on stderr, so a slow or unreachable endpoint is never silent (stdout stays JSON-only). Concurrent
 * slices retry in step, so each attempt number is told once.
 */
function logRetry(ctx: CliContext): (err: unknown, attempt: number) => void {
  let told = 0;
  return (err, attempt) => {
    if (attempt <= told) return;
    told = attempt;
    const e = err as { name?: string; code?: string; cause?: { name?: string; code?: string } } | undefined;
    const why = e?.cause?.code ?? e?.cause?.name ?? e?.code ?? e?.name ?? "error";
    ctx.stderr(`${ctx.tty.stderr ? "\r\x1b[2K" : ""}FilterLogEvents failed (${why}); retrying, attempt ${attempt + 1} of ${DEFAULT_RETRY.maxAttempts}\n`);
  };
}

export interface AuditExportOptions {
  readonly tenant: string;
  readonly from: string;
  readonly to: string;
  readonly out: string;
  readonly format: string;
  readonly resume: boolean;
  readonly chain?: string;
  readonly rate: string;
  readonly concurrency: string;
  readonly slices?: string;
  readonly pageSize: string;
  readonly workers?: string;
  readonly actor?: string;
  readonly ip: string;
  readonly region?: string;
  readonly tenantsDir: string;
  readonly via?: string;
  readonly bucket?: string;
  readonly s3Prefix?: string;
  /** KMS key to sign manifest.json with (manifest.sig.json). */
  readonly signKey?: string;
}

export interface AuditExportData extends ExportSummary {
  readonly requests: number;
  readonly retries: number;
  /** The data.export audit event recorded for this export. */
  readonly auditEventId: string;
  /** Who signed manifest.json (with --sign-key). */
  readonly signature?: { readonly keyId: string; readonly publicKeySha256: string };
}

function number(flag: string, value: string, min: number, max: number, integer: boolean): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw usageError("E_USAGE", `${flag} expects ${integer ? "a whole number" : "a number"} from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** Chained exports link to the previous manifest of the same tenant by its sha256. */
function chainHash(path: string, tenant: string): string {
  if (!existsSync(path)) throw usageError("E_USAGE", `--chain: ${path} does not exist`);
  const bytes = readFileSync(path);
  let previous: { tenant?: unknown; manifestVersion?: unknown } | null;
  try {
    previous = JSON.parse(bytes.toString("utf8")) as typeof previous;
  } catch {
    throw usageError("E_USAGE", `--chain: ${path} is not a manifest.json (not JSON)`);
  }
  if (previous === null || typeof previous !== "object" || previous.manifestVersion !== 1) throw usageError("E_USAGE", `--chain: ${path} is not an audit export manifest`);
  if (previous.tenant !== tenant) throw usageError("E_USAGE", `--chain: ${path} is tenant ${String(previous.tenant)}'s manifest, not ${tenant}'s`);
  return sha256Hex(bytes);
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/**
 * `audit export`: checks the tenant and plan (free → exit 2) and the options before any AWS call, reads the tenant's
 * audit group within the rate limit, writes the files and manifest, then records a data.export audit event.
 */
export async function auditExport(opts: AuditExportOptions, ctx: CliContext): Promise<CommandResult<AuditExportData>> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) throw usageError("E_USAGE", `--format expects jsonl or csv, got ${JSON.stringify(opts.format)}`);
  const format = opts.format as ExportFormat;
  const from = parseInstant("--from", opts.from);
  const to = parseInstant("--to", opts.to);
  if (to.getTime() <= from.getTime()) throw usageError("E_USAGE", `--to (${to.toISOString()}) must be after --from (${from.toISOString()})`);
  const rate = number("--rate", opts.rate, 0.01, 1000, false);
  const concurrency = number("--concurrency", opts.concurrency, 1, 64, true);
  const via = opts.via ?? "logs";
  if (via !== "logs" && via !== "s3") throw usageError("E_USAGE", `--via expects logs or s3, got ${JSON.stringify(via)}`);
  if (via === "s3" && !opts.bucket) throw usageError("E_USAGE", "--via s3 needs --bucket: the S3 bucket the export tasks write to");
  if (via === "logs" && opts.bucket) throw usageError("E_USAGE", "--bucket goes with --via s3");
  // Export tasks run one at a time per account and take minutes each: few large slices (one per 30 days) by default.
  const slices =
    opts.slices === undefined
      ? via === "s3"
        ? Math.min(64, Math.max(1, Math.ceil((to.getTime() - from.getTime()) / (30 * 86_400_000))))
        : undefined
      : number("--slices", opts.slices, 1, 100_000, true);
  const pageLimit = number("--page-size", opts.pageSize, 1, 10_000, true);
  const workers = opts.workers === undefined ? Math.max(0, Math.min(4, availableParallelism() - 1)) : number("--workers", opts.workers, 0, 64, true);
  const tenant = exportableTenant(loadTenantsFor(opts.tenantsDir, ctx, [opts.tenant]), opts.tenant);
  const previousManifestSha256 = opts.chain === undefined ? undefined : chainHash(resolve(ctx.cwd, opts.chain), tenant.id);
  // An unusable signing key is found before anything is read or written.
  if (opts.signKey !== undefined) await publicKeyFromKms(opts.signKey, ctx);
  const outDir = resolve(ctx.cwd, opts.out);
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw usageError("E_USAGE", `--out ${opts.out} is a file; expected a new or empty folder`);

  const config = logsClientConfig(awsClientConfig(ctx.env, { region: opts.region ?? tenant.region }), ctx.env);
  // Reads retry on their own schedule (rate-limited, with jitter): the SDK makes one attempt per call.
  const reader = new CloudWatchLogsAdapter({ ...config, maxAttempts: 1 });
  const writer = new CloudWatchLogsAdapter(config);
  const stats: PageSourceStats = { requests: 0, retries: 0 };
  const s3 = via === "s3" ? new (await import("../../aws/s3")).S3Adapter(config) : undefined;
  const limiter = new TokenBucket(rate, systemTimer);
  const pages =
    s3 === undefined
      ? cloudWatchPageSource(reader, tenant.names.auditLogGroup, { limiter, timer: systemTimer, random: Math.random, stats, onRetry: logRetry(ctx) })
      : exportTaskPageSource({
          logs: reader,
          s3,
          group: tenant.names.auditLogGroup,
          bucket: opts.bucket as string,
          prefix: `${(opts.s3Prefix ?? "emailmate-ops/audit-exports").replace(/\/+$/, "")}/${tenant.id}`,
          timer: systemTimer,
          random: Math.random,
          nonce: () => randomBytes(4).toString("hex"),
        });
  const started = ctx.clock.now().getTime();
  let lastDraw = 0;
  let mergeStarted: number | undefined;
  const onProgress = (p: ExportProgress) => {
    const now = ctx.clock.now().getTime();
    if (now - lastDraw < 250) return;
    lastDraw = now;
    const n = (x: number) => x.toLocaleString("en-US");
    if (p.phase === "merge") {
      if (mergeStarted === undefined) mergeStarted = now;
      const elapsed = Math.max(1, now - mergeStarted);
      const left = p.fraction > 0.01 ? `, about ${duration((elapsed * (1 - p.fraction)) / p.fraction)} left` : "";
      progress(ctx, `exporting ${tenant.id}: ordering and hashing, ${n(p.merged)} of ${n(p.read)} events, ${n(Math.round((p.merged * 1000) / elapsed))}/s${left}`);
      return;
    }
    const elapsed = Math.max(1, now - started);
    const perSecond = Math.round((p.read * 1000) / elapsed);
    const left = p.fraction > 0.01 ? `, about ${duration((elapsed * (1 - p.fraction)) / p.fraction)} left` : "";
    progress(ctx, `exporting ${tenant.id}: ${n(p.read)} events read, ${n(perSecond)}/s, ${Math.floor(p.fraction * 100)}% of the range${left}`);
  };

  const sink = createCloudWatchAuditSink({ logs: writer, stream: "emailmate-ops" });
  const nextId = ulidGenerator(ctx.clock);
  const auditEvent = (outcome: "success" | "failure", metadata: Record<string, unknown>) => ({
    eventId: nextId(),
    tenant: tenant.id,
    actor: { type: "user" as const, id: opts.actor ?? ctx.env.USER ?? "unknown" },
    action: "data.export" as const,
    target: tenant.names.auditLogGroup,
    timestamp: ctx.clock.now().toISOString(),
    ip: opts.ip,
    userAgent: `emailmate-ops/${toolVersion()}`,
    outcome,
    metadata: { from: from.toISOString(), to: to.toISOString(), format, ...metadata },
  });

  const pool = workers > 0 ? new AdmitPool(workers) : undefined;
  try {
    let summary: ExportSummary;
    try {
      summary = await runAuditExport(
        {
          tenant: tenant.id,
          logGroupName: tenant.names.auditLogGroup,
          from,
          to,
          format,
          outDir,
          resume: opts.resume,
          toolVersion: toolVersion(),
          previousManifestSha256,
          tuning: { concurrency, pageLimit, ...(slices === undefined ? {} : { slices }) },
          ...(via === "s3" ? { via: { api: "CreateExportTask" as const, bucket: opts.bucket as string } } : {}),
        },
        {
          pages,
          clock: ctx.clock,
          onProgress,
          ...(pool ? { admit: pool.admit, subtreeRoot: pool.subtreeRoot } : {}),
        },
      );
    } catch (err) {
      if (ctx.tty.stderr) ctx.stderr("\n");
      if (!(err instanceof OpsError && err.exitCode === ExitCode.invalidInput)) {
        // The attempt is an administrative action too; a failure to log it must not hide the original error.
        await sink.record([auditEvent("failure", { error: err instanceof Error ? err.message.slice(0, 300) : String(err) })]).catch(() => undefined);
      }
      throw err;
    }
    if (ctx.tty.stderr) ctx.stderr("\n");
    const event = auditEvent("success", { counts: summary.counts, merkleRoot: summary.merkleRoot, manifestSha256: summary.manifestSha256 });
    try {
      await sink.record([event]);
    } catch (err) {
      throw environmentError("E_AUDIT_RECORD", `the export in ${opts.out} is complete, but its data.export audit event could not be recorded: ${(err as Error).message}`, {
        hint: "record it with `emailmate-ops audit record --action data.export …` once CloudWatch Logs is reachable",
        cause: err,
      });
    }
    // The key was checked before the export; signing comes after the export is recorded, so a late failure loses nothing.
    const signature = opts.signKey === undefined ? undefined : await signFolderManifest(outDir, opts.signKey, ctx);
    const data: AuditExportData = {
      ...summary,
      outDir: opts.out,
      requests: stats.requests,
      retries: stats.retries,
      auditEventId: event.eventId,
      ...(signature ? { signature: { keyId: signature.keyId, publicKeySha256: signature.publicKeySha256 } } : {}),
    };
    return {
      data,
      exitCode: ExitCode.ok,
      text: () => {
        const c = summary.counts;
        const how = summary.run === "complete" ? "already complete" : summary.run === "resumed" ? "resumed and complete" : "complete";
        return [
          `export of ${tenant.id} ${summary.range.from} – ${summary.range.to} ${how}: ${opts.out}`,
          `  read ${c.read}, written ${c.written}, rejected ${c.rejected}, duplicates ${c.duplicates}`,
          ...summary.files.map((f) => `  ${f.name}  ${f.events} event${f.events === 1 ? "" : "s"}  ${f.bytes} bytes  sha256 ${f.sha256}`),
          `  Merkle root ${summary.merkleRoot}`,
          `  manifest.json sha256 ${summary.manifestSha256}`,
          ...(signature ? [`  signed by ${signature.keyId} (manifest.sig.json; public key sha256 ${signature.publicKeySha256})`] : []),
          `  ${stats.requests} requests, ${stats.retries} retried; recorded data.export ${event.eventId}`,
        ].join("\n");
      },
    };
  } finally {
    await pool?.close();
    reader.destroy();
    writer.destroy();
    s3?.destroy();
  }
}
