import {
  CloudWatchLogsClient,
  AssociateKmsKeyCommand,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeyRotationsCommand,
  PutKeyPolicyCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  UpdateAliasCommand,
} from "@aws-sdk/client-kms";
import { CreateConfigurationSetCommand, GetConfigurationSetCommand, GetReputationEntityCommand, GetTenantCommand, SESv2Client } from "@aws-sdk/client-sesv2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSesV2, type FakeSesV2 } from "../fakes/sesv2Server";
import { startMoto, type Moto } from "./moto";
import { startStrictAws, type StrictAws } from "./strictAws";

const ADMIN_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" }],
});

/** What the SDK saw: the error name, or "ok". */
async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return "ok";
  } catch (err) {
    return (err as Error).name;
  }
}

describe("test/support/strictAws", () => {
  let moto: Moto;
  let fake: FakeSesV2;
  let strict: StrictAws;
  let kms: KMSClient;
  let logs: CloudWatchLogsClient;
  let ses: SESv2Client;

  beforeAll(async () => {
    moto = await startMoto();
    fake = await startFakeSesV2();
    strict = await startStrictAws({ moto: moto.endpoint, ses: fake.endpoint });
    const config = { ...moto.clientConfig, endpoint: strict.endpoint };
    kms = new KMSClient(config);
    logs = new CloudWatchLogsClient(config);
    ses = new SESv2Client(config);
  });

  afterAll(async () => {
    kms.destroy();
    logs.destroy();
    ses.destroy();
    await strict.stop();
    await fake.stop();
    await moto.stop();
  });

  const newKey = async () => (await kms.send(new CreateKeyCommand({ Description: "test", Policy: ADMIN_POLICY }))).KeyMetadata!;
  const hits = (rule: string) => strict.hits.get(rule) ?? 0;

  it("kms.disabled-crypto: Encrypt and RotateKeyOnDemand on a disabled key are DisabledException (moto accepts them)", async () => {
    const key = await newKey();
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    const before = hits("kms.disabled-crypto");
    expect(await outcome(() => kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from("x") })))).toBe("DisabledException");
    expect(await outcome(() => kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })))).toBe("DisabledException");
    expect(hits("kms.disabled-crypto") - before).toBe(2);
    await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    expect(await outcome(() => kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from("x") })))).toBe("ok");
  });

  it("kms.pending-deletion: a key pending deletion refuses Decrypt, EnableKey and UpdateAlias with KMSInvalidStateException", async () => {
    const key = await newKey();
    const other = await newKey();
    const blob = (await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from("x") }))).CiphertextBlob!;
    await kms.send(new CreateAliasCommand({ AliasName: "alias/strict-pending", TargetKeyId: other.KeyId }));
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    expect([
      await outcome(() => kms.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: key.KeyId }))),
      await outcome(() => kms.send(new EnableKeyCommand({ KeyId: key.KeyId }))),
      await outcome(() => kms.send(new UpdateAliasCommand({ AliasName: "alias/strict-pending", TargetKeyId: key.KeyId }))),
      await outcome(() => kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: "default", Policy: ADMIN_POLICY }))),
    ]).toEqual(["KMSInvalidStateException", "KMSInvalidStateException", "KMSInvalidStateException", "ok"]);
  });

  it("kms.rotation-async: GetKeyRotationStatus shows OnDemandRotationStartDate and ListKeyRotations omits the rotation until it completes", async () => {
    const key = await newKey();
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
    const running = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }));
    const listed = await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId }));
    expect([running.OnDemandRotationStartDate instanceof Date, listed.Rotations ?? []]).toEqual([true, []]);
    strict.completeRotations();
    const done = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }));
    const after = await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId }));
    expect([done.OnDemandRotationStartDate, after.Rotations?.map((r) => r.RotationType)]).toEqual([undefined, ["ON_DEMAND"]]);
  });

  it("kms.rotation-conflict: a second RotateKeyOnDemand while one runs is ConflictException", async () => {
    const key = await newKey();
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
    expect(await outcome(() => kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })))).toBe("ConflictException");
    strict.completeRotations();
    expect(await outcome(() => kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })))).toBe("ok");
    strict.completeRotations();
  });

  it("kms.rotation-limit: the 26th on-demand rotation is LimitExceededException", async () => {
    const key = await newKey();
    for (let i = 0; i < 25; i++) {
      await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
      strict.completeRotations();
    }
    expect(await outcome(() => kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })))).toBe("LimitExceededException");
  });

  it("kms.policy-lockout: a policy that no longer lets the account call PutKeyPolicy is MalformedPolicyDocumentException", async () => {
    const key = await newKey();
    const lockedOut = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "logs.eu-west-1.amazonaws.com" }, Action: "kms:Decrypt*", Resource: "*" }],
    });
    expect([
      await outcome(() => kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: "default", Policy: lockedOut }))),
      await outcome(() => kms.send(new CreateKeyCommand({ Policy: lockedOut }))),
      await outcome(() => kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: "default", Policy: ADMIN_POLICY }))),
    ]).toEqual(["MalformedPolicyDocumentException", "MalformedPolicyDocumentException", "ok"]);
  });

  it("kms.alias-same-type: UpdateAlias to a key of another spec is ValidationException", async () => {
    const key = await newKey();
    const signing = (await kms.send(new CreateKeyCommand({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY", Policy: ADMIN_POLICY }))).KeyMetadata!;
    await kms.send(new CreateAliasCommand({ AliasName: "alias/strict-type", TargetKeyId: key.KeyId }));
    const same = await newKey();
    expect([
      await outcome(() => kms.send(new UpdateAliasCommand({ AliasName: "alias/strict-type", TargetKeyId: signing.KeyId }))),
      await outcome(() => kms.send(new UpdateAliasCommand({ AliasName: "alias/strict-type", TargetKeyId: same.KeyId }))),
    ]).toEqual(["ValidationException", "ok"]);
  });

  it("logs.associate-emulated: AssociateKmsKey (moto lacks it) moves the group to the key, and DescribeLogGroups shows it", async () => {
    const first = await newKey();
    const second = await newKey();
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/strict/assoc", kmsKeyId: first.Arn }));
    await logs.send(new AssociateKmsKeyCommand({ logGroupName: "/strict/assoc", kmsKeyId: second.Arn }));
    const described = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/strict/assoc" }));
    expect([described.logGroups?.[0]?.kmsKeyId, strict.keysOf("/strict/assoc")]).toEqual([second.Arn, [first.Arn, second.Arn]]);
  });

  it("logs.associate-key-state: associating a disabled or missing key is InvalidParameterException (also at CreateLogGroup)", async () => {
    const key = await newKey();
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/strict/disabled" }));
    expect([
      await outcome(() => logs.send(new AssociateKmsKeyCommand({ logGroupName: "/strict/disabled", kmsKeyId: key.Arn }))),
      await outcome(() => logs.send(new AssociateKmsKeyCommand({ logGroupName: "/strict/disabled", kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000" }))),
      await outcome(() => logs.send(new CreateLogGroupCommand({ logGroupName: "/strict/disabled-2", kmsKeyId: key.Arn }))),
    ]).toEqual(["InvalidParameterException", "InvalidParameterException", "InvalidParameterException"]);
  });

  it("logs.associate-missing-group: associating a key with a missing log group is ResourceNotFoundException", async () => {
    const key = await newKey();
    expect(await outcome(() => logs.send(new AssociateKmsKeyCommand({ logGroupName: "/strict/nowhere", kmsKeyId: key.Arn })))).toBe("ResourceNotFoundException");
  });

  it("logs.read-needs-keys: once any key that encrypted a group's retained events is disabled, reading the group fails", async () => {
    const old = await newKey();
    const replacement = await newKey();
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/strict/read", kmsKeyId: old.Arn }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "/strict/read", logStreamName: "s" }));
    await logs.send(new PutLogEventsCommand({ logGroupName: "/strict/read", logStreamName: "s", logEvents: [{ timestamp: Date.now(), message: "retained" }] }));
    await logs.send(new AssociateKmsKeyCommand({ logGroupName: "/strict/read", kmsKeyId: replacement.Arn }));
    expect(await outcome(() => logs.send(new FilterLogEventsCommand({ logGroupName: "/strict/read" })))).toBe("ok");
    await kms.send(new DisableKeyCommand({ KeyId: old.KeyId }));
    expect(await outcome(() => logs.send(new FilterLogEventsCommand({ logGroupName: "/strict/read" })))).toBe("AccessDeniedException");
  });

  it("logs.put-batch-limits: PutLogEvents refuses batches out of order, over 24 hours, over 10,000 events or over 1 MiB", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/strict/put" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "/strict/put", logStreamName: "s" }));
    const t = Date.now();
    const put = (logEvents: { timestamp: number; message: string }[]) => outcome(() => logs.send(new PutLogEventsCommand({ logGroupName: "/strict/put", logStreamName: "s", logEvents })));
    expect([
      await put([{ timestamp: t, message: "b" }, { timestamp: t - 1, message: "a" }]),
      await put([{ timestamp: t - 25 * 3_600_000, message: "a" }, { timestamp: t, message: "b" }]),
      await put(Array.from({ length: 10_001 }, () => ({ timestamp: t, message: "x" }))),
      await put(Array.from({ length: 2 }, () => ({ timestamp: t, message: "x".repeat(524_288) }))),
      await put([{ timestamp: t - 1, message: "a" }, { timestamp: t, message: "b" }]),
    ]).toEqual(["InvalidParameterException", "InvalidParameterException", "InvalidParameterException", "InvalidParameterException", "ok"]);
  });

  it("is needed: bare moto accepts what these rules refuse (rotating a disabled key, a second rotation at once, a locked-out policy, a 25-hour batch) and lacks AssociateKmsKey", async () => {
    const bareKms = new KMSClient(moto.clientConfig);
    const bareLogs = new CloudWatchLogsClient(moto.clientConfig);
    try {
      const key = (await bareKms.send(new CreateKeyCommand({ Policy: ADMIN_POLICY }))).KeyMetadata!;
      await bareKms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
      const lockedOut = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "logs.eu-west-1.amazonaws.com" }, Action: "kms:Decrypt*", Resource: "*" }] });
      await bareLogs.send(new CreateLogGroupCommand({ logGroupName: "/bare/put" }));
      await bareLogs.send(new CreateLogStreamCommand({ logGroupName: "/bare/put", logStreamName: "s" }));
      const t = Date.now();
      expect([
        await outcome(() => bareKms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }))),
        await outcome(() => bareKms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }))),
        await outcome(() => bareKms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: "default", Policy: lockedOut }))),
        await outcome(() => bareLogs.send(new PutLogEventsCommand({ logGroupName: "/bare/put", logStreamName: "s", logEvents: [{ timestamp: t - 25 * 3_600_000, message: "a" }, { timestamp: t, message: "b" }] }))),
        (await outcome(() => bareLogs.send(new AssociateKmsKeyCommand({ logGroupName: "/bare/put", kmsKeyId: key.Arn })))) === "ok",
      ]).toEqual(["ok", "ok", "ok", "ok", false]);
    } finally {
      bareKms.destroy();
      bareLogs.destroy();
    }
  });

  it("ses: unknown configuration sets, tenants and reputation entities are NotFoundException (through to the SES v2 fake)", async () => {
    await ses.send(new CreateConfigurationSetCommand({ ConfigurationSetName: "tenant-strict" }));
    expect([
      await outcome(() => ses.send(new GetConfigurationSetCommand({ ConfigurationSetName: "tenant-strict" }))),
      await outcome(() => ses.send(new GetConfigurationSetCommand({ ConfigurationSetName: "tenant-nobody" }))),
      await outcome(() => ses.send(new GetTenantCommand({ TenantName: "nobody" }))),
      await outcome(() => ses.send(new GetReputationEntityCommand({ ReputationEntityType: "RESOURCE", ReputationEntityReference: "arn:aws:ses:eu-west-1:123456789012:tenant/nobody/tn-0" }))),
    ]).toEqual(["ok", "NotFoundException", "NotFoundException", "NotFoundException"]);
  });
});
