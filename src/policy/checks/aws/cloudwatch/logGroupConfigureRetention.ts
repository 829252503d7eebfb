import { z } from "zod";
import { resourceCheck } from "../../../types";

/** The retention values CloudWatch Logs accepts (PutRetentionPolicy). */
export const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const config = z.strictObject({
  minimumRetentionDays: z
    .number()
    .int()
    .min(1)
    .max(3653)
    .default(365)
    .describe("shortest retention allowed, in days (the security page promises one year)"),
});

/**
 * Logs are kept for a CloudWatch retention value of at least the configured minimum (default 365 days). Never-expire
 * fails: the promise is one year, and keeping personal data forever breaks GDPR's storage limitation.
 */
export const logGroupConfigureRetention = resourceCheck({
  kind: "resource",
  id: "aws-cloudwatch-log-group-configure-retention",
  description: "CloudWatch log groups keep logs for a valid retention period of at least the configured minimum (default 365 days); never-expire fails.",
  severity: "medium",
  controls: ["CC7.2", "CC7.3"],
  equivalents: { checkov: ["CKV_AWS_66", "CKV_AWS_338"], awsConfig: ["cw-loggroup-retention-period-check"] },
  remediation: "Set retentionInDays to a CloudWatch value of at least the minimum (365, 400, 545, 731, …, 3653).",
  enforcementLevel: "mandatory",
  config,
  resourceTypes: ["aws:cloudwatch/logGroup:LogGroup"],
  validateResource({ props, getConfig }, report) {
    const { minimumRetentionDays } = getConfig();
    const days: unknown = props.retentionInDays;
    if (days === undefined || days === null || days === 0) {
      report(
        `retention is never-expire (retentionInDays ${days === 0 ? "0" : "unset"}); expected at least ${minimumRetentionDays} days. Keeping logs forever breaks the one-year promise and GDPR storage limitation.`,
      );
      return;
    }
    if (typeof days !== "number" || !(CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(days)) {
      report(`retentionInDays ${JSON.stringify(days)} is not a CloudWatch Logs retention value; expected one of ${CLOUDWATCH_RETENTION_DAYS.join(", ")}.`);
      return;
    }
    if (days < minimumRetentionDays) report(`retention is ${days} days; expected at least ${minimumRetentionDays} days.`);
  },
});
