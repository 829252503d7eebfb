import type { ClaimsSet } from "./load";
import type { ClaimEvidence } from "./schema";

export const CLAIM_STATUSES = ["verified", "failed", "unverified", "manual"] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** What one evidence item showed. */
export interface EvidenceResult {
  readonly kind: "check" | "probe" | "runbook" | "verifier" | "manual" | "roadmap";
  /** The check, probe, runbook or verifier id; the owner for a manual control. */
  readonly ref: string;
  readonly status: ClaimStatus;
  readonly detail: string;
  readonly target?: string;
  readonly control?: string;
}

export interface Overstatement {
  readonly reason: string;
  readonly suggestion: string;
}

export interface ClaimResult {
  readonly id: string;
  readonly text: string;
  readonly section: string;
  readonly status: ClaimStatus;
  readonly evidence: readonly EvidenceResult[];
  readonly overstatements: readonly Overstatement[];
  readonly location: { readonly file: string; readonly line: number; readonly col: number };
}

/** A policy run's findings, reduced to what claims read. */
export interface PolicyOutcome {
  /** What was checked, e.g. "offline plan of stack dev". */
  readonly source: string;
  readonly findings: readonly { readonly policy: string; readonly status: string; readonly name: string; readonly message: string }[];
}

/** One `probe --json` result. */
export interface ProbeOutcome {
  readonly target: string;
  readonly checks: readonly { readonly id: string; readonly status: string; readonly detail: string }[];
}

export interface RunbookFacts {
  readonly id: string;
  readonly emptyPhases: readonly string[];
  readonly deadlines: readonly string[];
}

export interface VerifierResult {
  readonly status: Exclude<ClaimStatus, "manual">;
  readonly detail: string;
}

/** Everything the claims are judged against; an input that was not gathered is `undefined`, one that failed an error. */
export interface ClaimInputs {
  readonly now: Date;
  readonly policy: PolicyOutcome | { readonly error: string } | undefined;
  readonly probes: readonly ProbeOutcome[] | undefined;
  readonly runbooks: readonly RunbookFacts[] | { readonly error: string } | undefined;
  readonly verifiers: ReadonlyMap<string, VerifierResult>;
}

const RANK: Readonly<Record<ClaimStatus, number>> = { failed: 0, unverified: 1, manual: 2, verified: 3 };

/** The weakest status wins: one failure fails the claim; anything not shown leaves it unverified. */
export function combine(statuses: readonly ClaimStatus[]): ClaimStatus {
  if (statuses.length === 0) return "unverified";
  return statuses.reduce((a, b) => (RANK[b] < RANK[a] ? b : a));
}

function isError<T>(v: T | { readonly error: string } | undefined): v is { readonly error: string } {
  return v !== undefined && typeof v === "object" && v !== null && "error" in v;
}

function few(names: readonly string[], n = 3): string {
  return names.length <= n ? names.join(", ") : `${names.slice(0, n).join(", ")} and ${names.length - n} more`;
}

/** A policy check's findings → one status. Only passes verify; nothing evaluated, manual or errors never do. */
export function judgeCheck(policy: ClaimInputs["policy"], id: string): EvidenceResult {
  const base = { kind: "check" as const, ref: id };
  if (policy === undefined) return { ...base, status: "unverified", detail: "no policy run in this invocation" };
  if (isError(policy)) return { ...base, status: "unverified", detail: `policy run failed: ${policy.error}` };
  const mine = policy.findings.filter((f) => f.policy === id);
  const by = (s: string) => mine.filter((f) => f.status === s);
  const failed = [...by("fail"), ...by("suppressed")];
  if (failed.length > 0) {
    const suppressed = by("suppressed").length;
    return {
      ...base,
      status: "failed",
      detail: `${failed.length} of ${mine.length} failed on the ${policy.source}${suppressed > 0 ? ` (${suppressed} suppressed: accepted, still not true)` : ""}: ${few(failed.map((f) => f.name))}`,
    };
  }
  if (by("error").length > 0) return { ...base, status: "unverified", detail: `could not be evaluated (${by("error").length} collection errors) on the ${policy.source}` };
  const passed = by("pass");
  if (passed.length === 0) {
    const why = mine.length === 0 ? "no finding at all" : `${mine.length} not evaluated`;
    return { ...base, status: "unverified", detail: `nothing evaluated on the ${policy.source} (${why})` };
  }
  const manual = by("manual").length;
  if (manual > 0) return { ...base, status: "manual", detail: `${passed.length} pass, ${manual} need a manual look (unknown or secret values) on the ${policy.source}` };
  const notEvaluated = mine.length - passed.length;
  return { ...base, status: "verified", detail: `${passed.length} resources pass on the ${policy.source}${notEvaluated > 0 ? ` (${notEvaluated} not evaluated)` : ""}` };
}

export function judgeProbe(probes: ClaimInputs["probes"], id: string, target: string): EvidenceResult {
  const base = { kind: "probe" as const, ref: id, target };
  if (probes === undefined) return { ...base, status: "unverified", detail: `not probed in this run (claims --probe, or --probes <probe --json output>)` };
  const same = (a: string) => a.replace(/\/+$/, "").toLowerCase() === target.replace(/\/+$/, "").toLowerCase();
  const report = probes.find((p) => same(p.target));
  if (report === undefined) return { ...base, status: "unverified", detail: `no probe result for ${target}` };
  const check = report.checks.find((c) => c.id === id);
  if (check === undefined) return { ...base, status: "unverified", detail: `the probe of ${target} has no check ${id}` };
  if (check.status === "pass") return { ...base, status: "verified", detail: check.detail };
  if (check.status === "fail") return { ...base, status: "failed", detail: check.detail };
  return { ...base, status: "unverified", detail: `probe ${check.status}: ${check.detail}` };
}

export function judgeRunbook(runbooks: ClaimInputs["runbooks"], e: { runbook: string; phases?: boolean | undefined; deadlines?: readonly string[] | undefined }): EvidenceResult {
  const base = { kind: "runbook" as const, ref: e.runbook };
  if (runbooks === undefined) return { ...base, status: "unverified", detail: "runbooks not read in this invocation" };
  if (isError(runbooks)) return { ...base, status: "failed", detail: `runbooks do not validate: ${runbooks.error}` };
  const list = e.runbook === "*" ? runbooks : runbooks.filter((r) => r.id === e.runbook);
  if (list.length === 0) return { ...base, status: "failed", detail: e.runbook === "*" ? "no runbooks" : `no runbook ${e.runbook} in the runbooks folder` };
  const problems: string[] = [];
  for (const r of list) {
    if (e.phases === true && r.emptyPhases.length > 0) problems.push(`${r.id} has no step in ${r.emptyPhases.join(", ")}`);
    const missing = (e.deadlines ?? []).filter((d) => !r.deadlines.includes(d));
    if (missing.length > 0) problems.push(`${r.id} does not run the clock${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
  }
  if (problems.length > 0) return { ...base, status: "failed", detail: problems.join("; ") };
  const what = [e.phases === true ? "a step in every phase" : "", (e.deadlines ?? []).length > 0 ? `clocks ${(e.deadlines ?? []).join(", ")}` : ""].filter((s) => s !== "").join(" and ");
  return { ...base, status: "verified", detail: `${list.length === 1 ? `runbook ${list[0]?.id} validates` : `${list.length} runbooks validate`}${what !== "" ? ` with ${what}` : ""}` };
}

const QUARTER = /\btarget\s+Q([1-4])\s+(\d{4})\b/i;

/**
 * A roadmap sentence with a target quarter ("SOC 2 Type I — target Q3 2026"): once the quarter has ended the page
 * still promises a future that is past — stale. Pure: takes `now`.
 */
export function judgeRoadmap(text: string, now: Date): { evidence: EvidenceResult; overstatement?: Overstatement } | undefined {
  const m = QUARTER.exec(text);
  if (m === null) return undefined;
  const q = Number(m[1]);
  const year = Number(m[2]);
  const end = new Date(Date.UTC(year, q * 3, 1) - 1);
  const endDay = end.toISOString().slice(0, 10);
  const base = { kind: "roadmap" as const, ref: `Q${q} ${year}` };
  if (now.getTime() <= end.getTime()) return { evidence: { ...base, status: "verified", detail: `target quarter not over yet (ends ${endDay})` } };
  const days = Math.floor((now.getTime() - end.getTime()) / 86_400_000);
  return {
    evidence: { ...base, status: "failed", detail: `stale: the target quarter ended on ${endDay}, ${days} days ago, and the page still calls it a target` },
    overstatement: {
      reason: `a roadmap date already passed (Q${q} ${year} ended on ${endDay}) is stale`,
      suggestion: text.replace(QUARTER, "achieved <date> (report available under NDA)") + " — or give the new target date",
    },
  };
}

function judgeEvidence(e: ClaimEvidence, inputs: ClaimInputs): EvidenceResult {
  if ("check" in e) return judgeCheck(inputs.policy, e.check);
  if ("probe" in e) return judgeProbe(inputs.probes, e.probe, e.target);
  if ("runbook" in e) return judgeRunbook(inputs.runbooks, e);
  if ("verifier" in e) {
    const r = inputs.verifiers.get(e.verifier);
    return { kind: "verifier", ref: e.verifier, ...(r ?? { status: "unverified", detail: "verifier not run" }) };
  }
  return { kind: "manual", ref: e.owner, status: "manual", detail: e.manual, ...(e.control !== undefined ? { control: e.control } : {}) };
}

/** Judges every claim against the gathered inputs. Pure. */
export function resolveClaims(set: ClaimsSet, inputs: ClaimInputs): ClaimResult[] {
  return set.claims.map((c) => {
    const text = c.sentences.map((s) => s.text).join(" ");
    const evidence = c.spec.evidence.map((e) => judgeEvidence(e, inputs));
    const overstatements: Overstatement[] = c.spec.overstatement !== undefined ? [c.spec.overstatement] : [];
    const roadmap = judgeRoadmap(text, inputs.now);
    if (roadmap !== undefined) {
      evidence.push(roadmap.evidence);
      if (roadmap.overstatement !== undefined) overstatements.push(roadmap.overstatement);
    }
    const first = c.sentences[0];
    return {
      id: c.spec.id,
      text,
      section: first?.section ?? "",
      status: combine(evidence.map((e) => e.status)),
      evidence,
      overstatements,
      location: first !== undefined ? { file: set.page.file, line: first.line, col: first.col } : c.at,
    };
  });
}
