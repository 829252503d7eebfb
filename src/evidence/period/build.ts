import { SOC2 } from "../../policy/frameworks/soc2";
import { sha256 } from "../bundle";

/** One file of the period bundle (small: built whole in memory). */
export interface EvidenceFile {
  readonly path: string;
  readonly content: string;
}

export interface ManifestEntry {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}
import type { LedgerRecord, RunException } from "../ledger/record";
import { csv } from "./csv";
import { renderPeriodHtml } from "./html";
import { gaps, periodDays, type Period } from "./range";
import { drawSample, SAMPLE_METHOD } from "./sample";

export const PERIOD_KIND = "emailmate-ops/soc2-period-evidence";
export const DEFAULT_SAMPLE_SIZE = 25;

/**
 * A control over the period: `not-evaluated` (no run evaluated it), `manual` (no automated check), `fail` / `error`
 * (at least one run failed or could not evaluate it: an exception, even if a later run passed), `needs-review` (gaps
 * in coverage, or runs that needed review), `pass` (evaluated every day, every run passed).
 */
export type PeriodControlStatus = "pass" | "fail" | "error" | "needs-review" | "manual" | "not-evaluated";

/** One exception episode: from the first run that showed it to the run that no longer did (or still open). */
export interface ExceptionEpisode {
  readonly control: string;
  readonly policy: string;
  readonly status: string;
  readonly tenant?: string;
  readonly urn: string;
  readonly message: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly occurrences: number;
  /** The first later run without it; null when still present in the last run of the period. */
  readonly resolvedAt: string | null;
  readonly suppression?: { readonly reason: string; readonly expires: string };
}

export interface SampleItem {
  readonly control: string;
  readonly seq: number;
  readonly runAt: string;
  readonly status: string;
  readonly recordHash: string;
  readonly manifestSha256: string;
  readonly bundle: string;
}

export interface PeriodControl {
  readonly control: string;
  readonly title: string;
  readonly status: PeriodControlStatus;
  /** Why, in a sentence an auditor can read. */
  readonly reason: string;
  /** Runs in the period that evaluated the control (the population). */
  readonly runs: number;
  readonly runStatuses: Readonly<Record<string, number>>;
  readonly daysCovered: number;
  readonly gaps: readonly { from: string; to: string; days: number }[];
  readonly tenants: readonly string[];
  readonly exceptions: readonly ExceptionEpisode[];
  readonly sample: readonly SampleItem[];
}

export interface PeriodInput {
  readonly period: Period;
  /** The whole verified ledger, in chain order. */
  readonly records: readonly LedgerRecord[];
  readonly ledgerLocation: string;
  readonly sampleSize: number;
  readonly seed: string;
  readonly generatedAt: Date;
  readonly toolVersion: string;
  readonly gitCommit: string;
}

export interface PeriodManifest {
  readonly kind: typeof PERIOD_KIND;
  readonly version: 1;
  readonly generatedAt: string;
  readonly toolVersion: string;
  readonly gitCommit: string;
  readonly period: Period & { readonly days: number };
  readonly ledger: {
    readonly location: string;
    readonly records: number;
    readonly head: { readonly seq: number; readonly hash: string } | null;
    /** The period's first and last records; `previousHash` ties the first to the record before the period. */
    readonly first: { readonly seq: number; readonly hash: string; readonly previousHash: string } | null;
    readonly last: { readonly seq: number; readonly hash: string } | null;
  };
  readonly sample: { readonly size: number; readonly seed: string; readonly method: string };
  readonly controls: readonly { control: string; status: PeriodControlStatus; runs: number; gapDays: number; exceptions: number; sampled: number }[];
  readonly files: readonly ManifestEntry[];
}

const NOT_EVALUATED: ReadonlySet<string> = new Set(["manual", "not-evaluated"]);

function episodes(control: string, runs: readonly LedgerRecord[]): ExceptionEpisode[] {
  const open = new Map<string, { e: RunException; first: string; last: string; n: number }>();
  const out: ExceptionEpisode[] = [];
  const close = (k: string, resolvedAt: string | null) => {
    const o = open.get(k)!;
    out.push({
      control,
      policy: o.e.policy,
      status: o.e.status,
      ...(o.e.tenant !== undefined ? { tenant: o.e.tenant } : {}),
      urn: o.e.urn,
      message: o.e.message,
      firstSeen: o.first,
      lastSeen: o.last,
      occurrences: o.n,
      resolvedAt,
      ...(o.e.suppression !== undefined ? { suppression: o.e.suppression } : {}),
    });
    open.delete(k);
  };
  for (const r of runs) {
    const mine = r.findings.exceptions.filter((e) => e.controls.includes(control));
    const status = r.controls.find((c) => c.control === control)?.status;
    if (mine.length === 0 && (status === "fail" || status === "error")) {
      mine.push({ policy: "", status, controls: [control], severity: "", enforcement: "", urn: "", message: `the control was ${status} in this run without a finding naming a resource` });
    }
    const seen = new Set<string>();
    for (const e of mine) {
      const k = `${e.policy}\u0000${e.urn}\u0000${e.status}`;
      seen.add(k);
      const o = open.get(k);
      if (o === undefined) open.set(k, { e, first: r.runAt, last: r.runAt, n: 1 });
      else Object.assign(o, { e, last: r.runAt, n: o.n + 1 });
    }
    for (const k of [...open.keys()]) if (!seen.has(k)) close(k, r.runAt);
  }
  for (const k of [...open.keys()]) close(k, null);
  return out.sort((a, b) => (a.firstSeen < b.firstSeen ? -1 : a.firstSeen > b.firstSeen ? 1 : a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : a.urn < b.urn ? -1 : 1));
}

function periodControl(c: (typeof SOC2)[number], inPeriod: readonly LedgerRecord[], days: readonly string[], input: PeriodInput): PeriodControl {
  const statusOf = (r: LedgerRecord) => r.controls.find((x) => x.control === c.id)?.status ?? "not-evaluated";
  const population = inPeriod.filter((r) => !NOT_EVALUATED.has(statusOf(r)));
  const runStatuses: Record<string, number> = {};
  for (const r of inPeriod) runStatuses[statusOf(r)] = (runStatuses[statusOf(r)] ?? 0) + 1;
  const covered = new Set(population.map((r) => r.day));
  const manualOnly = inPeriod.length > 0 && inPeriod.every((r) => statusOf(r) === "manual");
  const missing = manualOnly ? [] : gaps(days, covered);
  const exceptions = episodes(c.id, population);
  const sample = drawSample(population, input.sampleSize, input.seed, c.id).map(
    (r): SampleItem => ({ control: c.id, seq: r.seq, runAt: r.runAt, status: statusOf(r), recordHash: r.hash, manifestSha256: r.bundle.manifestSha256, bundle: r.bundle.out }),
  );
  const n = (s: string) => population.filter((r) => statusOf(r) === s).length;
  const gapDays = missing.reduce((a, g) => a + g.days, 0);
  const [status, reason]: [PeriodControlStatus, string] =
    inPeriod.length === 0
      ? ["not-evaluated", "no evidence run in the period"]
      : population.length === 0
        ? manualOnly
          ? ["manual", "no automated check: collect the manual evidence for the period"]
          : ["not-evaluated", "no run in the period evaluated the control"]
        : n("fail") > 0
          ? ["fail", `${n("fail")} of ${population.length} runs failed (exceptions listed)`]
          : n("error") > 0
            ? ["error", `${n("error")} of ${population.length} runs could not evaluate the control`]
            : gapDays > 0
              ? ["needs-review", `${gapDays} of ${days.length} days without a run`]
              : population.length !== n("pass")
                ? ["needs-review", `${population.length - n("pass")} of ${population.length} runs need review (manual or suppressed findings)`]
                : ["pass", `every day covered, all ${population.length} runs passed`];
  return {
    control: c.id,
    title: c.title,
    status,
    reason,
    runs: population.length,
    runStatuses,
    daysCovered: covered.size,
    gaps: missing,
    tenants: [...new Set(population.flatMap((r) => r.tenants))].sort(),
    exceptions,
    sample,
  };
}

/** The SOC 2 Type II bundle for a period, from the verified ledger (pure). */
export function buildPeriodEvidence(input: PeriodInput): { files: EvidenceFile[]; manifest: PeriodManifest; controls: PeriodControl[] } {
  const { period } = input;
  const days = periodDays(period);
  const inPeriod = input.records.filter((r) => r.day >= period.from && r.day <= period.to);
  const controls = SOC2.map((c) => periodControl(c, inPeriod, days, input));
  const allGaps = gaps(days, new Set(inPeriod.map((r) => r.day)));
  const tenantRuns = new Map<string, { runs: number; first: string; last: string }>();
  for (const r of inPeriod) {
    for (const t of r.tenants) {
      const x = tenantRuns.get(t);
      if (x === undefined) tenantRuns.set(t, { runs: 1, first: r.runAt, last: r.runAt });
      else Object.assign(x, { runs: x.runs + 1, last: r.runAt });
    }
  }
  const first = inPeriod[0];
  const last = inPeriod[inPeriod.length - 1];
  const head = input.records[input.records.length - 1];
  const ledger = {
    location: input.ledgerLocation,
    records: input.records.length,
    head: head === undefined ? null : { seq: head.seq, hash: head.hash },
    first: first === undefined ? null : { seq: first.seq, hash: first.hash, previousHash: first.previousHash },
    last: last === undefined ? null : { seq: last.seq, hash: last.hash },
  };
  const exceptions = controls.flatMap((c) => c.exceptions);
  const json = (v: unknown) => JSON.stringify(v, null, 2) + "\n";
  const files: EvidenceFile[] = [
    { path: "README.txt", content: readme(input, inPeriod.length, days.length) },
    { path: "period.json", content: json({ period: { ...period, days: days.length }, ledger, sample: { size: input.sampleSize, seed: input.seed, method: SAMPLE_METHOD }, gaps: allGaps, controls }) },
    {
      path: "controls.csv",
      content: csv(
        ["control", "title", "status", "reason", "runs", "days_covered", "days", "gap_days", "tenants", "exceptions", "sampled"],
        controls.map((c) => [c.control, c.title, c.status, c.reason, c.runs, c.daysCovered, days.length, c.gaps.reduce((a, g) => a + g.days, 0), c.tenants.length, c.exceptions.length, c.sample.length]),
      ),
    },
    {
      path: "runs.csv",
      content: csv(
        ["seq", "run_at", "git_commit", "tool_version", "source", "tenants", ...SOC2.map((c) => c.id), "exceptions", "manifest_sha256", "bundle", "record_hash"],
        inPeriod.map((r) => [
          r.seq,
          r.runAt,
          r.gitCommit,
          r.toolVersion,
          `${r.source.kind}${r.source.file !== undefined ? ` ${r.source.file}` : ""}${r.source.stack !== undefined ? ` (stack ${r.source.stack})` : ""}`,
          r.tenants.length,
          ...SOC2.map((c) => r.controls.find((x) => x.control === c.id)?.status ?? "not-evaluated"),
          r.findings.exceptions.length,
          r.bundle.manifestSha256,
          r.bundle.out,
          r.hash,
        ]),
      ),
    },
    { path: "tenants.csv", content: csv(["tenant", "runs", "first_seen", "last_seen"], [...tenantRuns].sort(([a], [b]) => (a < b ? -1 : 1)).map(([t, x]) => [t, x.runs, x.first, x.last])) },
    { path: "gaps.csv", content: csv(["from", "to", "days"], allGaps.map((g) => [g.from, g.to, g.days])) },
    {
      path: "exceptions.csv",
      content: csv(
        ["control", "policy", "status", "tenant", "resource", "message", "first_seen", "last_seen", "occurrences", "resolved_at", "suppression_reason", "suppression_expires"],
        exceptions.map((e) => [e.control, e.policy, e.status, e.tenant, e.urn, e.message, e.firstSeen, e.lastSeen, e.occurrences, e.resolvedAt ?? "open at the end of the period", e.suppression?.reason, e.suppression?.expires]),
      ),
    },
    {
      path: "sample.csv",
      content: csv(
        ["control", "seq", "run_at", "status", "record_hash", "manifest_sha256", "bundle"],
        controls.flatMap((c) => c.sample.map((s) => [s.control, s.seq, s.runAt, s.status, s.recordHash, s.manifestSha256, s.bundle])),
      ),
    },
    { path: "ledger.jsonl", content: inPeriod.map((r) => JSON.stringify(r) + "\n").join("") },
  ];
  const described: Omit<PeriodManifest, "files"> = {
    kind: PERIOD_KIND,
    version: 1,
    generatedAt: input.generatedAt.toISOString(),
    toolVersion: input.toolVersion,
    gitCommit: input.gitCommit,
    period: { ...period, days: days.length },
    ledger,
    sample: { size: input.sampleSize, seed: input.seed, method: SAMPLE_METHOD },
    controls: controls.map((c) => ({ control: c.control, status: c.status, runs: c.runs, gapDays: c.gaps.reduce((a, g) => a + g.days, 0), exceptions: c.exceptions.length, sampled: c.sample.length })),
  };
  files.push({ path: "report.html", content: renderPeriodHtml(described, controls, allGaps) });
  const manifest: PeriodManifest = { ...described, files: files.map((f) => ({ path: f.path, sha256: sha256(f.content), bytes: Buffer.byteLength(f.content, "utf8") })) };
  return { files: [...files, { path: "manifest.json", content: json(manifest) }], manifest, controls };
}

function readme(input: PeriodInput, runs: number, days: number): string {
  return `EmailMate SOC 2 Type II evidence for ${input.period.from} .. ${input.period.to} (${days} days, both included)
Generated ${input.generatedAt.toISOString()} by emailmate-ops ${input.toolVersion} from git commit ${input.gitCommit},
from the evidence ledger ${input.ledgerLocation} (${runs} runs in the period; the chain verified when read).

report.html      the whole bundle on one page (opens offline; print to PDF for the audit file)
controls.csv     per control: status over the period, runs evaluated (the population), days covered, gaps, tenants, exceptions
runs.csv         the population: every evidence run of the period with its per-control statuses and bundle digest
tenants.csv      the tenant population: runs per tenant, first and last seen
gaps.csv         days without any evidence run
exceptions.csv   every failure, evaluation error and accepted (suppressed) failure during the period, with when it
                 was first and last seen and the run that no longer showed it (a later pass does not hide it)
sample.csv       the random sample to test, per control (seed ${JSON.stringify(input.seed)}, ${input.sampleSize} per control;
                 method in manifest.json: draw it again with the same seed to check it)
ledger.jsonl     the ledger records of the period (hash-chained; the first links to the record before the period)
period.json      all of the above as JSON
manifest.json    SHA-256 of every other file; manifest.sig.json (when signed) its KMS signature
verify with: emailmate-ops evidence verify <this folder> --public-key <key.pem>
`;
}
