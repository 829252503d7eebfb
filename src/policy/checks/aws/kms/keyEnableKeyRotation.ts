import { resourceCheck } from "../../../types";

/** Asymmetric and HMAC key specs (KMS CreateKey KeySpec): automatic rotation does not exist for them. */
const NO_AUTOMATIC_ROTATION = /^(RSA_\d+|ECC_[A-Z0-9_]+|HMAC_\d+|SM2|ML_DSA_\d+)$/;

/** Symmetric customer keys rotate automatically, so a leaked key version protects less and less data over time. */
export const keyEnableKeyRotation = resourceCheck({
  kind: "resource",
  id: "aws-kms-key-enable-key-rotation",
  description: "Symmetric customer-managed KMS keys have automatic key rotation enabled.",
  severity: "medium",
  controls: ["CC6.1"],
  equivalents: { checkov: ["CKV_AWS_7"], securityHub: ["KMS.4"], awsConfig: ["cmk-backing-key-rotation-enabled"] },
  remediation: "Set enableKeyRotation: true on the key (optionally rotationPeriodInDays between 90 and 2560).",
  enforcementLevel: "mandatory",
  resourceTypes: ["aws:kms/key:Key"],
  validateResource({ props, notApplicable }, report) {
    // only a spec KMS documents as not rotating automatically takes a key out of scope; a misspelt one is judged
    const spec: unknown = props.customerMasterKeySpec ?? props.keySpec ?? "SYMMETRIC_DEFAULT";
    if (typeof spec === "string" && NO_AUTOMATIC_ROTATION.test(spec)) notApplicable(`automatic rotation is only available for symmetric encryption keys; this key is ${spec}`);
    if (props.origin === "EXTERNAL") notApplicable("the key has imported key material (origin EXTERNAL), which KMS cannot rotate automatically; rotate it by hand");
    if (props.enableKeyRotation === true) return;
    report(`automatic key rotation is ${props.enableKeyRotation === false ? "disabled" : "unset (off by default)"}; expected enableKeyRotation: true.`);
  },
});
