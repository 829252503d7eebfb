import type { Provenance } from "../../src/evidence/manifest";

const at = "2026-11-29T12:00:00.000Z";

/** Provenance as a run on CI would record it, with one input, a policy config and one suppression. */
export const PROVENANCE: Provenance = {
  toolVersion: "0.1.0",
  git: { commit: "3f2a1c0d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49", dirty: false },
  generatedBy: { operator: "ada", host: "ci-runner-7" },
  generatedAt: at,
  period: { kind: "point-in-time", from: at, to: at },
  inputs: [{ kind: "tenant", path: "tenants/acme.yaml", sha256: "ab".repeat(32), bytes: 420 }],
  policy: {
    config: { "aws-sns-topic-enforce-kms": "advisory" },
    enforcement: { "aws-sns-topic-enforce-kms": "advisory" },
    suppressions: [{ policy: "aws-cloudwatch-log-group-configure-retention", resource: "*::globex-audit-log-group", reason: "30 days agreed with Globex <legal> & DPO", expires: "2027-01-31" }],
  },
};
