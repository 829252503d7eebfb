/**
 * The policy-pack entry the Pulumi CLI runs (`pulumi preview --policy-pack policies`). Constructing a PolicyPack
 * starts the analyzer's gRPC server and prints its port: this file does nothing else, and nothing imports it.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, packPolicies } from "./pack";

new PolicyPack(PACK_NAME, {
  description: "EmailMate security-page promises: TLS in transit, KMS at rest, one-year log retention, tenant isolation.",
  displayName: "EmailMate",
  tags: ["emailmate", "soc2"],
  policies: packPolicies(),
});
