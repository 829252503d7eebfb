import { stackCheck, type Check } from "../policy/types";

const onlyLive = (id: string) => ({
  kind: "stack" as const,
  validateStack({ notApplicable }: { notApplicable(reason?: string): never }) {
    notApplicable(`${id} is produced by the live comparison (check --live), not by evaluating resources`);
  },
});

/** Declared or deployed, but not running in the account. */
export const driftMissing = stackCheck({
  ...onlyLive("drift-missing"),
  id: "drift-missing",
  description: "Every resource the plan declares (and the stack export holds) exists in the account.",
  severity: "high",
  controls: ["CC7.2", "CC8.1"],
  equivalents: {},
  remediation: "Run `pulumi up` for the stack (or `pulumi refresh` when it was deleted on purpose and the code should follow), then check --live again.",
  enforcementLevel: "mandatory",
});

/** Running in the account (the project's names or tags), but declared nowhere. */
export const driftUnexpected = stackCheck({
  ...onlyLive("drift-unexpected"),
  id: "drift-unexpected",
  description: "Nothing of the project runs in the account that the plan does not declare (by the project's names and tags).",
  severity: "high",
  controls: ["CC7.2", "CC8.1"],
  equivalents: {},
  remediation: "Import the resource into the stack and declare it (`pulumi import`), or delete it; a resource created by hand is a change that skipped review.",
  enforcementLevel: "mandatory",
});

/** A property some check depends on differs between the plan, the stack export and the account. */
export const driftProperty = stackCheck({
  ...onlyLive("drift-property"),
  id: "drift-property",
  description: "Properties the policy checks read are the same in the plan, the stack export and the account.",
  severity: "high",
  controls: ["CC7.2", "CC8.1"],
  equivalents: {},
  remediation: "Run `pulumi up` to bring the account back to the declared value (or change the code through review when the live value is the intended one).",
  enforcementLevel: "mandatory",
});

/** The account could not be read: the checks that needed the data could not run. */
export const liveCollectionError = stackCheck({
  ...onlyLive("live-collection-error"),
  id: "live-collection-error",
  description: "The live collectors read every resource kind the checks need (KMS, CloudWatch Logs, SNS, SES v2).",
  severity: "high",
  controls: ["CC6.1", "CC6.7", "CC7.2", "CC8.1"],
  equivalents: {},
  remediation: "Grant the read-only policy from `emailmate-ops live iam-policy` to the identity running the check, check the region and endpoints, and run again.",
  enforcementLevel: "mandatory",
});

/** The results `check --live` adds to the checks' own, with metadata for every report. Not part of the policy pack. */
export const LIVE_RULES: readonly Check[] = [driftMissing, driftProperty, driftUnexpected, liveCollectionError] as Check[];
