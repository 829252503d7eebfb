import { CreateAliasCommand, CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KmsKeyAdapter } from "../../src/aws/kms";
import { OpsError } from "../../src/core/errors";
import { startMoto, type Moto } from "../support/moto";

describe("src/aws/kms", () => {
  let moto: Moto;
  let client: KMSClient;
  let kms: KmsKeyAdapter;

  beforeAll(async () => {
    moto = await startMoto();
    client = new KMSClient(moto.clientConfig);
    kms = new KmsKeyAdapter(client);
  });
  afterAll(async () => {
    client.destroy();
    await moto.stop();
  });

  async function newKey(alias: string): Promise<string> {
    const key = await client.send(new CreateKeyCommand({ Description: alias }));
    await client.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: key.KeyMetadata!.KeyId! }));
    return key.KeyMetadata!.KeyId!;
  }

  it("describes a key by alias: its id, ARN and state", async () => {
    const id = await newKey("alias/emailmate/tenant/acme");
    const state = await kms.describe("alias/emailmate/tenant/acme");
    expect(state).toEqual({ keyId: id, arn: `arn:aws:kms:eu-west-1:123456789012:key/${id}`, keyState: "Enabled", enabled: true });
  });

  it("disables and enables a key by id", async () => {
    const id = await newKey("alias/emailmate/tenant/globex");
    await kms.disable(id);
    const disabled = await kms.describe(id);
    await kms.enable(id);
    const enabled = await kms.describe(id);
    expect([disabled.keyState, disabled.enabled, enabled.keyState, enabled.enabled]).toEqual(["Disabled", false, "Enabled", true]);
  });

  it("counts on-demand rotations, one per RotateKeyOnDemand", async () => {
    const id = await newKey("alias/emailmate/tenant/initech");
    const before = await kms.onDemandRotationCount(id);
    await kms.rotateOnDemand(id);
    await kms.rotateOnDemand(id);
    expect([before, await kms.onDemandRotationCount(id)]).toEqual([0, 2]);
  });

  it("reports an unknown key as E_AWS_NOT_FOUND naming the operation", async () => {
    const err = (await kms.describe("alias/emailmate/tenant/nobody").catch((e: unknown) => e)) as OpsError;
    expect(err).toBeInstanceOf(OpsError);
    expect([err.code, err.exitCode, err.message.startsWith("KMS DescribeKey failed: NotFoundException:")]).toEqual(["E_AWS_NOT_FOUND", 3, true]);
  });
});
