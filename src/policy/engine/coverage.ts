/** What a resource check saw: how many resources of its types, and why those it skipped did not apply. */
export interface Coverage {
  seen: number;
  readonly notApplicable: string[];
}

export function noteCoverage(cov: Coverage, reason: string): void {
  cov.notApplicable.push(reason);
}

/** Why a resource check tested nothing: empty input, no resources of its types, or none it applies to. */
export function notEvaluatedReason(types: readonly string[], cov: Coverage, resources: number): string {
  if (resources === 0) return "not evaluated: the input is empty (no resources)";
  if (cov.seen === 0) return `not evaluated: no resources of type ${types.join(" or ")} in the input`;
  const reasons = [...new Set(cov.notApplicable)];
  const shown = reasons.slice(0, 3).join("; ") + (reasons.length > 3 ? `; and ${reasons.length - 3} more reasons` : "");
  return `not evaluated: not applicable to any of the ${cov.seen} resources of its types (${shown})`;
}
