import { describe, expect, it } from "vitest";
import { keyEnableKeyRotation as check } from "../../../../../src/policy/checks/aws/kms/keyEnableKeyRotation";
import { record, run, withProp } from "../../../support";

const valid = { keyUsage: "ENCRYPT_DECRYPT", customerMasterKeySpec: "SYMMETRIC_DEFAULT", enableKeyRotation: true, deletionWindowInDays: 30 };
const key = (props: Record<string, unknown>) => run(check, [record("aws:kms/key:Key", "acme-key", props)]);

describe("src/policy/checks/aws/kms/keyEnableKeyRotation", () => {
  it("passes a symmetric key with rotation on", () => {
    expect(key(valid)).toMatchObject({ status: "pass", messages: [] });
  });

  it("fails rotation off", () => {
    expect(key(withProp(valid, "enableKeyRotation", false)).messages).toEqual(["automatic key rotation is disabled; expected enableKeyRotation: true."]);
  });

  it("fails rotation unset", () => {
    expect(key(withProp(valid, "enableKeyRotation", undefined)).messages).toEqual(["automatic key rotation is unset (off by default); expected enableKeyRotation: true."]);
  });

  it("does not apply to asymmetric keys, which cannot rotate automatically", () => {
    expect(key(withProp(valid, "customerMasterKeySpec", "RSA_2048"))).toMatchObject({
      status: "not-applicable",
      messages: ["automatic rotation is only available for symmetric encryption keys; this key is RSA_2048"],
    });
  });
});
