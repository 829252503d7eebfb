import { evaluate } from "../../../src/policy/engine/evaluate";
import { ALL_CHECKS } from "../../../src/policy/checks";
import { toReport } from "../../../src/policy/report/model";
import { fromPlan } from "../../../src/policy/sources/plan";
import { controlMatrix } from "../../../src/evidence/matrix";
import type { RunSnapshot } from "../../../src/evidence/ledger/record";
import { change, setProp, tenantRecords, vercelRecords } from "../../policy/fixtures";
import { CLOCK } from "../../policy/support";

/** One evidence run's snapshot at `at`: clean, or with acme's audit log group kept 30 days (a CC7.2 failure). */
export function runAt(at: string, options: { failing?: boolean; tenants?: readonly string[] } = {}): RunSnapshot {
  const tenants = options.tenants ?? ["acme", "globex"];
  let records = [...tenants.flatMap((t) => tenantRecords(t)), ...vercelRecords()];
  if (options.failing === true) records = change(records, "acme-audit-log-group", (r) => setProp(r, "retentionInDays", 30));
  const report = toReport(fromPlan({ stack: "dev", tenants: [...tenants], resources: records }), evaluate(records, { clock: CLOCK }));
  const matrix = controlMatrix(ALL_CHECKS, report.findings);
  return {
    runAt: new Date(at),
    toolVersion: "0.1.0",
    gitCommit: "3f2a1c0d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49",
    report,
    checks: ALL_CHECKS,
    controls: matrix.map((c) => ({ control: c.control, status: c.status })),
    tenants,
    manifestSha256: "a".repeat(64),
    out: "out/evidence",
  };
}
