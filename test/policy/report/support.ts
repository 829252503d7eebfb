import { ALL_CHECKS } from "../../../src/policy/checks";
import { evaluate } from "../../../src/policy/engine/evaluate";
import { toReport, type PolicyReport } from "../../../src/policy/report/model";
import { fromPlan } from "../../../src/policy/sources/plan";
import { tenantRecords, vercelRecords } from "../fixtures";
import { CLOCK } from "../support";

export const WRITER = { checks: ALL_CHECKS, toolVersion: "0.1.0" };

/** A report with one mandatory failure, one advisory failure, one manual and one suppressed finding. */
export function sampleReport(): PolicyReport {
  const records = [...tenantRecords("acme"), ...tenantRecords("globex"), ...vercelRecords()].map((r) => {
    if (r.name === "acme-audit-log-group") return { ...r, props: { ...r.props, retentionInDays: 0 } };
    if (r.name === "globex-audit-log-group") return { ...r, props: { ...r.props, retentionInDays: 30 } };
    if (r.name === "acme-alerts-topic") return { ...r, props: { ...r.props, kmsMasterKeyId: undefined } };
    if (r.name === "globex-key") return { ...r, props: { ...r.props, policy: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } };
    return r;
  });
  const evaluation = evaluate(records, {
    clock: CLOCK,
    config: { "aws-sns-topic-enforce-kms": "advisory" },
    suppressions: [
      { policy: "aws-cloudwatch-log-group-configure-retention", resource: "*::globex-audit-log-group", reason: "30 days agreed with Globex <legal> & DPO", expires: "2027-01-31" },
    ],
  });
  return toReport(fromPlan({ stack: "dev", tenants: ["acme", "globex"], resources: records }), evaluation);
}
