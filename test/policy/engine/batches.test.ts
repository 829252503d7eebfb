import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ResourceRecord } from "../../../src/core/resource";
import { planBatches, planStack } from "../../../src/plan";
import { evaluateBatches } from "../../../src/policy/engine/batches";
import { evaluate, type EvaluateOptions, type Evaluation } from "../../../src/policy/engine/evaluate";
import { fromPlan } from "../../../src/policy/sources/plan";
import { change, setProp } from "../fixtures";
import { keyConfigureSymmetricDefault } from "../../../src/policy/checks/aws/kms/keyConfigureSymmetricDefault";
import { CLOCK, record } from "../support";

const ROOT = join(__dirname, "../../..");
const key = (e: Evaluation) => ({ summary: e.summary, findings: e.findings.map((f) => JSON.stringify(f)).sort(), unused: e.unusedSuppressions });

async function both(options: EvaluateOptions, edit: (records: ResourceRecord[]) => ResourceRecord[] = (r) => r) {
  const whole = evaluate(edit([...fromPlan(await planStack({ cwd: ROOT })).records]), options);
  const batches = [...planBatches({ cwd: ROOT }, 1)].map((p) => edit([...fromPlan(p).records]));
  return { whole, batched: evaluateBatches(batches, options), batches };
}

describe("src/policy/engine/batches", () => {
  it("plans the same resources a tenant at a time, the platform once", async () => {
    const whole = (await planStack({ cwd: ROOT })).resources.map((r) => r.urn);
    const batches = [...planBatches({ cwd: ROOT }, 1)];
    expect([batches.length, batches.flatMap((b) => b.resources.map((r) => r.urn))]).toEqual([3, whole]);
  });

  it("gives the same findings and summary as evaluating everything at once (the sample tenants)", async () => {
    const { whole, batched } = await both({ clock: CLOCK });
    expect(key(batched)).toEqual(key(whole));
  });

  it("the same with failures in one batch, a stack check failing in one, suppressions used in another, a disabled check", async () => {
    const options: EvaluateOptions = {
      clock: CLOCK,
      config: { "aws-cloudwatch-log-group-configure-retention": { minimumRetentionDays: 731 }, "aws-kms-key-enable-key-rotation": "disabled" },
      suppressions: [
        { policy: "aws-cloudwatch-log-group-configure-retention", resource: "*::initech-*", reason: "initech keeps 365 days by contract", expires: "2027-01-31" },
        { policy: "emailmate-tenant-missing-tag", resource: "*::nothing", reason: "matches nothing at all here", expires: "2027-01-31" },
      ],
    };
    const edit = (records: ResourceRecord[]) =>
      records.some((r) => r.name === "globex-key") ? change(records, "globex-key", (r) => setProp(r, "tags", { tenant: "acme" })) : records;
    const { whole, batched } = await both(options, edit);
    expect(key(batched)).toEqual(key(whole));
    expect([whole.summary.fail > 0, whole.summary.suppressed > 0, whole.unusedSuppressions.length, whole.findings.some((f) => f.policy === "emailmate-tenant-missing-tag" && f.status === "fail")]).toEqual([true, true, 1, true]);
  });

  it("gives one not-applicable reason over all batches, counting every resource", () => {
    const signing = (name: string) => record("aws:kms/key:Key", name, { keyUsage: "SIGN_VERIFY", keySpec: "ECC_NIST_P256" });
    const options = { clock: CLOCK, checks: [keyConfigureSymmetricDefault] };
    const whole = evaluate([signing("a"), signing("b"), signing("c")], options);
    const batched = evaluateBatches([[signing("a")], [signing("b"), signing("c")]], options);
    expect(batched.findings.map((f) => f.message)).toEqual(["not evaluated: not applicable to any of the 3 resources of its types (the key is for SIGN_VERIFY, not for encrypting data)"]);
    expect(key(batched)).toEqual(key(whole));
  });

  it("reports every check as not evaluated once when there is nothing at all", () => {
    const ev = evaluateBatches([[], []], { clock: CLOCK });
    expect([ev.summary.notEvaluated, ev.findings.every((f) => f.message === "not evaluated: the input is empty (no resources)")]).toEqual([14, true]);
  });
});
