import { describe, expect, it } from "vitest";
import { topicEnforceKms as check } from "../../../../../src/policy/checks/aws/sns/topicEnforceKms";
import { record, run, withProp } from "../../../support";

const valid = { name: "emailmate-alerts", kmsMasterKeyId: "arn:aws:kms:eu-west-1:111111111111:key/k" };
const topic = (props: Record<string, unknown>) => run(check, [record("aws:sns/topic:Topic", "alerts", props)]);

describe("src/policy/checks/aws/sns/topicEnforceKms", () => {
  it("passes a topic with a KMS key", () => {
    expect(topic(valid)).toMatchObject({ status: "pass", messages: [] });
  });

  it("fails a topic without a key", () => {
    expect(topic(withProp(valid, "kmsMasterKeyId", undefined)).messages).toEqual(["topic has no kmsMasterKeyId; expected server-side encryption with a KMS key."]);
  });

  it("fails a blank key", () => {
    expect(topic(withProp(valid, "kmsMasterKeyId", " ")).status).toBe("fail");
  });
});
