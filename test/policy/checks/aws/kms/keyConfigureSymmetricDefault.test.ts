import { describe, expect, it } from "vitest";
import { keyConfigureSymmetricDefault as check } from "../../../../../src/policy/checks/aws/kms/keyConfigureSymmetricDefault";
import { record, run, withProp } from "../../../support";

const valid = { keyUsage: "ENCRYPT_DECRYPT", customerMasterKeySpec: "SYMMETRIC_DEFAULT", enableKeyRotation: true };
const key = (props: Record<string, unknown>) => run(check, [record("aws:kms/key:Key", "acme-key", props)]);

describe("src/policy/checks/aws/kms/keyConfigureSymmetricDefault", () => {
  it("passes SYMMETRIC_DEFAULT for ENCRYPT_DECRYPT", () => {
    expect(key(valid)).toMatchObject({ status: "pass", messages: [] });
  });

  it("passes when both are unset (the defaults)", () => {
    expect(key({ enableKeyRotation: true }).status).toBe("pass");
  });

  it("reads keySpec, the newer input name", () => {
    expect(key({ keyUsage: "ENCRYPT_DECRYPT", keySpec: "RSA_4096" }).messages).toEqual(['keySpec is "RSA_4096"; expected "SYMMETRIC_DEFAULT" (AES-256-GCM) for a key that encrypts data.']);
  });

  it("fails an RSA key used to encrypt data", () => {
    expect(key(withProp(valid, "customerMasterKeySpec", "RSA_2048")).messages).toEqual([
      'customerMasterKeySpec is "RSA_2048"; expected "SYMMETRIC_DEFAULT" (AES-256-GCM) for a key that encrypts data.',
    ]);
  });

  it("does not apply to signing keys", () => {
    expect(key({ keyUsage: "SIGN_VERIFY", customerMasterKeySpec: "ECC_NIST_P256" })).toMatchObject({ status: "not-applicable", messages: ["the key is for SIGN_VERIFY, not for encrypting data"] });
  });
});
