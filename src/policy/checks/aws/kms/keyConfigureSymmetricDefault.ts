import { resourceCheck } from "../../../types";

/** Key usages for other purposes than encrypting data (KMS CreateKey KeyUsage). */
const NOT_FOR_DATA: readonly string[] = ["SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"];

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
    // only a usage KMS documents for other purposes takes a key out of scope; anything else is judged
    const usage: unknown = props.keyUsage ?? "ENCRYPT_DECRYPT";
    if (typeof usage === "string" && NOT_FOR_DATA.includes(usage)) notApplicable(`the key is for ${usage}, not for encrypting data`);
    if (usage !== "ENCRYPT_DECRYPT") report(`key usage is ${JSON.stringify(usage)}; expected "ENCRYPT_DECRYPT" (KMS key usages are upper case).`);
    // both spellings are judged: the deprecated customerMasterKeySpec and keySpec
    for (const field of ["customerMasterKeySpec", "keySpec"] as const) {
      const spec: unknown = props[field];
      if (spec === undefined || spec === null || spec === "SYMMETRIC_DEFAULT") continue;
      report(`${field} is ${JSON.stringify(spec)}; expected "SYMMETRIC_DEFAULT" (AES-256-GCM) for a key that encrypts data.`);
    }
  },
});
