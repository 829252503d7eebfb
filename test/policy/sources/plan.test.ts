import { describe, expect, it } from "vitest";
import { fromPlan } from "../../../src/policy/sources/plan";
import { record } from "../support";

describe("src/policy/sources/plan", () => {
  it("gives stack checks the synthesized outputs over the inputs", () => {
    const r = record("aws:kms/key:Key", "acme-key", { enableKeyRotation: true }, { outputs: { arn: "arn:aws:kms:eu-west-1:1:key/k" } });
    const src = fromPlan({ stack: "dev", tenants: [], resources: [r] });
    expect([src.kind, src.stack, src.records[0]?.outputs]).toEqual(["plan", "dev", { enableKeyRotation: true, arn: "arn:aws:kms:eu-west-1:1:key/k" }]);
  });

  it("leaves records without outputs as they are", () => {
    const r = record("aws:sns/topic:Topic", "t", { name: "t" });
    expect(fromPlan({ stack: "dev", tenants: [], resources: [r] }).records[0]).toBe(r);
  });
});
