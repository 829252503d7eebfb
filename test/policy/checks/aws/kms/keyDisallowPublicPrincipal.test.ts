import { describe, expect, it } from "vitest";
import { keyDisallowPublicPrincipal as check } from "../../../../../src/policy/checks/aws/kms/keyDisallowPublicPrincipal";
import { MASKED_SECRET, secret } from "../../../../../src/policy/values";
import { record, run } from "../../../support";

const admin = { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*", Resource: "*" };
const logs = {
  Sid: "Logs",
  Effect: "Allow",
  Principal: { Service: "logs.eu-west-1.amazonaws.com" },
  Action: ["kms:Encrypt*", "kms:Decrypt*"],
  Resource: "*",
  Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:111111111111:log-group:/emailmate/tenants/acme/audit" } },
};
const policy = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const key = (props: Record<string, unknown>) => run(check, [record("aws:kms/key:Key", "acme-key", props)]);

describe("src/policy/checks/aws/kms/keyDisallowPublicPrincipal", () => {
  it("passes named principals", () => {
    expect(key({ policy: policy(admin, logs) })).toMatchObject({ status: "pass", messages: [] });
  });

  it("passes the default key policy (no policy input)", () => {
    expect(key({ enableKeyRotation: true }).status).toBe("pass");
  });

  it('fails Principal "*" without a condition', () => {
    expect(key({ policy: policy(admin, { ...logs, Sid: "Anyone", Principal: "*", Condition: undefined }) }).messages).toEqual([
      'key policy statement "Anyone" allows principal "*" without a condition; expected named principals or a condition that pins the caller (aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount, kms:CallerAccount with kms:ViaService…).',
    ]);
  });

  it('fails {"AWS": "*"} in a statement without a Sid', () => {
    expect(key({ policy: policy(admin, { Effect: "Allow", Principal: { AWS: ["*"] }, Action: "kms:Decrypt", Resource: "*" }) }).messages).toEqual([
      'key policy statement #1 allows principal "*" without a condition; expected named principals or a condition that pins the caller (aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount, kms:CallerAccount with kms:ViaService…).',
    ]);
  });

  it.each([
    ["kms:CallerAccount with kms:ViaService", { StringEquals: { "kms:CallerAccount": "111111111111", "kms:ViaService": "ses.eu-west-1.amazonaws.com" } }],
    ["aws:PrincipalAccount", { StringEquals: { "aws:PrincipalAccount": "111111111111" } }],
    ["aws:PrincipalOrgID", { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } }],
    ["aws:PrincipalArn (ArnLike, account pinned)", { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/app-*" } }],
    ["aws:SourceArn", { ArnEquals: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:x" } }],
    ["aws:SourceAccount (lower-case key, numeric value)", { StringEquals: { "aws:sourceaccount": 111111111111 } }],
    ["aws:SourceOwner next to aws:SecureTransport", { Bool: { "aws:SecureTransport": "true" }, StringEquals: { "aws:SourceOwner": "111111111111" } }],
  ])('passes "*" pinned by %s', (_what, Condition) => {
    expect(key({ policy: policy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*", Condition }) }).status).toBe("pass");
  });

  it("fails a policy that is not JSON", () => {
    expect(key({ policy: "{not json" }).messages).toEqual(["key policy is not valid JSON; expected a key-policy document."]);
  });

  it("reads a policy held as a known secret", () => {
    expect(key({ policy: secret(policy(admin, { Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" })) }).status).toBe("fail");
  });

  it("is manual when the policy is an undecryptable secret", () => {
    expect(key({ policy: MASKED_SECRET })).toMatchObject({
      status: "manual",
      messages: ["cannot check: value at .policy is a secret that cannot be decrypted here; check it where the stack's secrets provider is available"],
    });
  });
});
