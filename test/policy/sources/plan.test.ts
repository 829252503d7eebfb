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

  it("keeps a record whose outputs already hold every input (a provider's state) as it is; merges when one input differs or is missing", () => {
    const state = record("aws:kms/key:Key", "k", { enableKeyRotation: true, tags: { tenant: "acme" } }, { outputs: {} });
    const full = { ...state, outputs: { ...state.props, arn: "arn:aws:kms:eu-west-1:1:key/k" } };
    expect(fromPlan({ stack: "dev", tenants: [], resources: [full] }).records[0]).toBe(full);
    const differs = { ...state, outputs: { enableKeyRotation: false, tags: state.props.tags, arn: "a" } };
    const missing = { ...state, outputs: { enableKeyRotation: true, arn: "a" } };
    const [d, m] = fromPlan({ stack: "dev", tenants: [], resources: [differs, missing] }).records;
    expect([d?.outputs, m?.outputs]).toEqual([
      { enableKeyRotation: false, tags: { tenant: "acme" }, arn: "a" },
      { enableKeyRotation: true, tags: { tenant: "acme" }, arn: "a" },
    ]);
  });
});
