import { resourceCheck } from "../../../types";

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
    const spec = String(props.customerMasterKeySpec ?? props.keySpec ?? "SYMMETRIC_DEFAULT");
    if (spec !== "SYMMETRIC_DEFAULT") notApplicable(`automatic rotation is only available for symmetric encryption keys; this key is ${spec}`);
    if (props.enableKeyRotation === true) return;
    report(`automatic key rotation is ${props.enableKeyRotation === false ? "disabled" : "unset (off by default)"}; expected enableKeyRotation: true.`);
  },
});
