import {
  CreateConfigurationSetCommand,
  CreateEmailIdentityCommand,
  GetConfigurationSetCommand,
  GetEmailIdentityCommand,
  SESv2Client,
} from "@aws-sdk/client-sesv2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMoto, type Moto } from "../support/moto";
import { startFakeSesV2, type FakeSesV2 } from "./sesv2Server";

/** The outcome of one SDK call, as a caller observes it: the parsed fields we compare, or the error's status and name. */
async function outcome<T>(call: () => Promise<T>, pick: (out: T) => unknown): Promise<unknown> {
  try {
    return { ok: pick(await call()) };
  } catch (err) {
    const e = err as { name: string; $metadata?: { httpStatusCode?: number }; message: string };
    return { status: e.$metadata?.httpStatusCode, name: e.name, message: e.message };
  }
}

/** The same SDK calls, in order, against one SES v2 endpoint. */
async function script(client: SESv2Client): Promise<unknown[]> {
  const results: unknown[] = [];
  results.push(
    await outcome(
      () =>
        client.send(
          new CreateConfigurationSetCommand({
            ConfigurationSetName: "tenant-acme",
            DeliveryOptions: { TlsPolicy: "REQUIRE" },
            SuppressionOptions: { SuppressedReasons: ["BOUNCE", "COMPLAINT"] },
          }),
        ),
      (o) => o.$metadata.httpStatusCode,
    ),
  );
  results.push(
    await outcome(
      () => client.send(new GetConfigurationSetCommand({ ConfigurationSetName: "tenant-acme" })),
      (o) => ({ name: o.ConfigurationSetName, tls: o.DeliveryOptions?.TlsPolicy, suppressed: o.SuppressionOptions?.SuppressedReasons }),
    ),
  );
  results.push(await outcome(() => client.send(new GetConfigurationSetCommand({ ConfigurationSetName: "tenant-nobody" })), () => "unexpected"));
  results.push(
    await outcome(
      () => client.send(new CreateEmailIdentityCommand({ EmailIdentity: "mail.acme.example" })),
      (o) => ({ type: o.IdentityType, verified: o.VerifiedForSendingStatus, dkim: o.DkimAttributes?.Status }),
    ),
  );
  results.push(
    await outcome(
      () => client.send(new GetEmailIdentityCommand({ EmailIdentity: "mail.acme.example" })),
      (o) => ({ type: o.IdentityType, verified: o.VerifiedForSendingStatus }),
    ),
  );
  results.push(await outcome(() => client.send(new GetEmailIdentityCommand({ EmailIdentity: "nothing.example" })), () => "unexpected"));
  return results;
}

describe("test/fakes/sesv2Server", () => {
  let moto: Moto;
  let fake: FakeSesV2;
  let motoClient: SESv2Client;
  let fakeClient: SESv2Client;

  beforeAll(async () => {
    moto = await startMoto();
    fake = await startFakeSesV2();
    motoClient = new SESv2Client(moto.clientConfig);
    fakeClient = new SESv2Client({ ...moto.clientConfig, endpoint: fake.endpoint });
  });

  afterAll(async () => {
    motoClient.destroy();
    fakeClient.destroy();
    await fake.stop();
    await moto.stop();
  });

  it("gives the same observable results as moto for create, get and not-found", async () => {
    await moto.reset();
    fake.reset();
    const fromMoto = await script(motoClient);
    const fromFake = await script(fakeClient);
    expect(fromFake).toEqual(fromMoto);
    expect(fromFake[0]).toEqual({ ok: 200 });
    expect(fromFake[2]).toEqual({ status: 404, name: "NotFoundException", message: "Configuration set <tenant-nobody> does not exist." });
  });

  it("refuses a duplicate configuration set with HTTP 400 like moto (the fake uses SES v2's AlreadyExistsException name)", async () => {
    await moto.reset();
    fake.reset();
    const dup = async (client: SESv2Client) => {
      await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: "tenant-dup" }));
      return outcome(() => client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: "tenant-dup" })), () => "unexpected");
    };
    const fromMoto = (await dup(motoClient)) as { status: number; name: string; message: string };
    const fromFake = (await dup(fakeClient)) as { status: number; name: string; message: string };
    expect({ status: fromFake.status, message: fromFake.message }).toEqual({ status: fromMoto.status, message: fromMoto.message });
    // moto answers with the SES v1 name; SES v2 documents AlreadyExistsException, which the fake returns.
    expect([fromMoto.name, fromFake.name]).toEqual(["ConfigurationSetAlreadyExistsException", "AlreadyExistsException"]);
  });

  it("serves PutConfigurationSetSendingOptions, which moto lacks, and reads the change back", async () => {
    fake.reset();
    const { PutConfigurationSetSendingOptionsCommand } = await import("@aws-sdk/client-sesv2");
    await fakeClient.send(new CreateConfigurationSetCommand({ ConfigurationSetName: "tenant-acme" }));
    await fakeClient.send(new PutConfigurationSetSendingOptionsCommand({ ConfigurationSetName: "tenant-acme", SendingEnabled: false }));
    const got = await fakeClient.send(new GetConfigurationSetCommand({ ConfigurationSetName: "tenant-acme" }));
    expect(got.SendingOptions).toEqual({ SendingEnabled: false });
    expect(fake.count("PutConfigurationSetSendingOptions")).toBe(1);
  });

  it("fails the next requests of an operation on demand with the given error", async () => {
    fake.reset();
    fake.failNext("ListConfigurationSets", 1);
    const { ListConfigurationSetsCommand } = await import("@aws-sdk/client-sesv2");
    const first = await outcome(() => fakeClient.send(new ListConfigurationSetsCommand({})), () => "unexpected");
    const second = await outcome(() => fakeClient.send(new ListConfigurationSetsCommand({})), (o) => o.ConfigurationSets);
    expect([first, second]).toEqual([{ status: 429, name: "TooManyRequestsException", message: "Too many requests" }, { ok: [] }]);
  });
});
