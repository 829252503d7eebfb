import { CreateConfigurationSetCommand, SESv2Client } from "@aws-sdk/client-sesv2";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isTransientAwsError } from "../../src/aws/errors";
import { SesV2SendingAdapter } from "../../src/aws/ses";
import { OpsError } from "../../src/core/errors";
import { startFakeSesV2, type FakeSesV2 } from "../fakes/sesv2Server";
import { startMoto, type Moto } from "../support/moto";

const config = (endpoint: string) => ({ endpoint, region: "eu-west-1", credentials: { accessKeyId: "testing", secretAccessKey: "testing" }, maxAttempts: 1 });

describe("src/aws/ses", () => {
  let fake: FakeSesV2;
  let client: SESv2Client;
  let ses: SesV2SendingAdapter;

  beforeAll(async () => {
    fake = await startFakeSesV2();
    client = new SESv2Client(config(fake.endpoint));
    ses = new SesV2SendingAdapter(client);
  });
  afterAll(async () => {
    client.destroy();
    await fake.stop();
  });
  beforeEach(async () => {
    fake.reset();
    await client.send(
      new CreateConfigurationSetCommand({ ConfigurationSetName: "tenant-acme", DeliveryOptions: { TlsPolicy: "REQUIRE" }, SuppressionOptions: { SuppressedReasons: ["BOUNCE", "COMPLAINT"] } }),
    );
  });

  it("pauses sending with PutConfigurationSetSendingOptions and reads it back", async () => {
    await ses.setSendingEnabled("tenant-acme", false);
    expect(await ses.describe("tenant-acme")).toEqual({ name: "tenant-acme", sendingEnabled: false, tlsPolicy: "REQUIRE", suppressedReasons: ["BOUNCE", "COMPLAINT"] });
    expect(fake.requests.filter((r) => r.operation === "PutConfigurationSetSendingOptions").map((r) => r.body)).toEqual([{ SendingEnabled: false }]);
  });

  it("resumes sending", async () => {
    await ses.setSendingEnabled("tenant-acme", false);
    await ses.setSendingEnabled("tenant-acme", true);
    expect((await ses.describe("tenant-acme")).sendingEnabled).toBe(true);
  });

  it("reports a missing configuration set as E_AWS_NOT_FOUND naming the operation", async () => {
    const err = (await ses.describe("tenant-none").catch((e: unknown) => e)) as OpsError;
    expect(err).toBeInstanceOf(OpsError);
    expect([err.code, err.exitCode, err.message]).toEqual(["E_AWS_NOT_FOUND", 3, "SES v2 GetConfigurationSet failed: NotFoundException: Configuration set <tenant-none> does not exist."]);
  });

  it("keeps the SDK error as cause so throttling is recognised as transient", async () => {
    fake.failNext("PutConfigurationSetSendingOptions", 1);
    const err = (await ses.setSendingEnabled("tenant-acme", false).catch((e: unknown) => e)) as OpsError;
    expect([err.code, isTransientAwsError(err.cause)]).toEqual(["E_AWS_UNAVAILABLE", true]);
  });
});

describe("src/aws/ses against moto", () => {
  let moto: Moto;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto.stop();
  });

  it("reads a configuration set moto created (moto's malformed SendingOptions reads as the SES default: sending)", async () => {
    const client = new SESv2Client(moto.clientConfig);
    await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: "tenant-globex", DeliveryOptions: { TlsPolicy: "REQUIRE" } }));
    const ses = new SesV2SendingAdapter(client);
    expect(await ses.describe("tenant-globex")).toEqual({ name: "tenant-globex", sendingEnabled: true, tlsPolicy: "REQUIRE", suppressedReasons: [] });
    client.destroy();
  });
});

describe("src/aws/ses timeouts", () => {
  it("gives up on a call after its timeout with an error the runner treats as transient", async () => {
    const fake = await startFakeSesV2();
    const client = new SESv2Client(config(fake.endpoint));
    await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: "tenant-acme" }));
    fake.delayNext("GetConfigurationSet", 1, 1500);
    const err = (await new SesV2SendingAdapter(client).describe("tenant-acme", { timeoutMs: 200 }).catch((e: unknown) => e)) as OpsError;
    client.destroy();
    await fake.stop();
    expect([err.code, err.message, isTransientAwsError(err.cause)]).toEqual(["E_AWS_UNAVAILABLE", "SES v2 GetConfigurationSet failed: RequestTimeout: no answer within 200 ms", true]);
  });
});
