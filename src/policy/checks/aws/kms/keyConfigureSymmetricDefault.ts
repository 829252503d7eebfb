import { resourceCheck } from "../../../types";

/** Data keys are SYMMETRIC_DEFAULT (AES-256-GCM), the algorithm the security page promises for data at rest. */
export const keyConfigureSymmetricDefault = resourceCheck({
  kind: "resource",
  id: "aws-kms-key-configure-symmetric-default",
  description: "KMS keys used to encrypt data (keyUsage ENCRYPT_DECRYPT) are SYMMETRIC_DEFAULT keys: AES-256-GCM.",
  severity: "medium",
  controls: ["CC6.1"],
  equivalents: {},
  remediation: "Create the key with keyUsage \"ENCRYPT_DECRYPT\" and customerMasterKeySpec (or keySpec) \"SYMMETRIC_DEFAULT\", or leave both unset (those are the defaults).",
  enforcementLevel: "mandatory",
  resourceTypes: ["aws:kms/key:Key"],
  validateResource({ props, notApplicable }, report) {
    const usage = String(props.keyUsage ?? "ENCRYPT_DECRYPT");
    if (usage !== "ENCRYPT_DECRYPT") notApplicable(`the key is for ${usage}, not for encrypting data`);
    const spec = String(props.customerMasterKeySpec ?? props.keySpec ?? "SYMMETRIC_DEFAULT");
    if (spec === "SYMMETRIC_DEFAULT") return;
    report(`key spec is ${spec}; expected SYMMETRIC_DEFAULT (AES-256-GCM) for a key that encrypts data.`);
  },
});
