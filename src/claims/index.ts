import type { Diagnostic } from "../config/diagnostics";
import { PHASES, type Runbook } from "../incident/schema";
import type { ClaimsSet } from "./load";
import type { ClaimResult, ClaimStatus, Overstatement } from "./resolve";
import { CLAIM_STATUSES } from "./resolve";
import type { RunbookFacts } from "./resolve";
import { VERIFIER_IDS } from "./verifiers";

export { loadClaims, type ClaimsSet, type LoadedClaim, type ClaimsReader } from "./load";
export { parseSecurityPage, splitSentences, type SecurityPage, type PageSentence } from "./page";
export { resolveClaims, combine, judgeRoadmap, CLAIM_STATUSES } from "./resolve";
export type { ClaimResult, ClaimStatus, ClaimInputs, EvidenceResult, Overstatement, PolicyOutcome, ProbeOutcome, VerifierResult } from "./resolve";
export { VERIFIERS, VERIFIER_IDS, runVerifiers, type VerifierContext } from "./verifiers";

/** What `claims` reports and the evidence bundle files. */
export interface ClaimsReport {
  readonly page: { readonly file: string; readonly title: string; readonly lastUpdated?: string };
  readonly generatedAt: string;
  /** What the claims were judged against (policy source, probes, runbooks). */
  readonly inputs: { readonly policy: string; readonly probes: string; readonly runbooks: string };
  readonly summary: Readonly<Record<ClaimStatus, number>> & { readonly claims: number; readonly overstatements: number };
  readonly claims: readonly ClaimResult[];
}

export function summarize(claims: readonly ClaimResult[]): ClaimsReport["summary"] {
  const counts = Object.fromEntries(CLAIM_STATUSES.map((s) => [s, claims.filter((c) => c.status === s).length])) as Record<ClaimStatus, number>;
  return { claims: claims.length, ...counts, overstatements: claims.reduce((n, c) => n + c.overstatements.length, 0) };
}

/** The facts of a runbook that claims read: empty phases and the clocks it runs. */
export function runbookFacts(runbooks: readonly Runbook[]): RunbookFacts[] {
  return runbooks.map((r) => ({ id: r.id, emptyPhases: PHASES.filter((p) => r.phases[p].length === 0), deadlines: [...r.deadlines] }));
}

/**
 * Evidence that names something that does not exist (a check id no check has, a verifier nobody wrote) is a
 * mapping error, located in the claims file — like a sentence without a claim.
 */
export function referenceDiagnostics(set: ClaimsSet, claimsFile: string, knownChecks: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  set.claims.forEach((c, i) => {
    c.spec.evidence.forEach((e, k) => {
      const at = c.evidenceAt[k] ?? c.at;
      const path = `claims.${i}.evidence.${k}`;
      if ("check" in e && !knownChecks.has(e.check)) {
        out.push({ file: claimsFile, line: at.line, col: at.col, code: "E_REFERENCE", path: `${path}.check`, message: `no policy check ${JSON.stringify(e.check)} (emailmate-ops policy list)` });
      }
      if ("verifier" in e && !VERIFIER_IDS.has(e.verifier)) {
        out.push({ file: claimsFile, line: at.line, col: at.col, code: "E_REFERENCE", path: `${path}.verifier`, message: `no verifier ${JSON.stringify(e.verifier)}; known: ${[...VERIFIER_IDS].join(", ")}` });
      }
    });
  });
  return out;
}

export function overstatementsOf(report: ClaimsReport): { id: string; text: string; overstatement: Overstatement }[] {
  return report.claims.flatMap((c) => c.overstatements.map((o) => ({ id: c.id, text: c.text, overstatement: o })));
}
