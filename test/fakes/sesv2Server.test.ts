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

// one moto and one fake for the whole file: both suites compare the same two servers
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

describe("test/fakes/sesv2Server", () => {

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

// --- Contract: every operation the fake serves is either compared with moto or listed as one moto lacks ------------

/** Operations both moto 5.2.1 and the fake serve: compared call for call below. */
const SERVED_BY_BOTH = ["CreateConfigurationSet", "GetConfigurationSet", "DeleteConfigurationSet", "CreateEmailIdentity", "GetEmailIdentity"];

/** Operations moto 5.2.1 lacks (it answers them with an error): the fake answers them on its own, as the API reference describes. */
const MOTO_LACKS = [
  // moto serves only the old GET /v2/email/configuration-sets; the current SDK POSTs /v2/email/list-configuration-sets (moto: 404).
  "ListConfigurationSets",
  // the SDK lists identities at a path moto 5.2.1 does not route (it answers an HTML 404 page)
  "ListEmailIdentities",
  "PutConfigurationSetSendingOptions",
  "PutConfigurationSetDeliveryOptions",
  "CreateTenant",
  "GetTenant",
  "ListTenants",
  "CreateTenantResourceAssociation",
  "ListTenantResources",
  "GetReputationEntity",
  "UpdateReputationEntityCustomerManagedStatus",
];

describe("test/fakes/sesv2Server contract with moto", () => {

  it("classifies every operation the fake serves: compared with moto, or listed as one moto lacks", () => {
    expect([...fake.operations].sort()).toEqual([...SERVED_BY_BOTH, ...MOTO_LACKS].sort());
  });

  it("answers DeleteConfigurationSet as moto does, and a configuration set deleted is gone (GetConfigurationSet: NotFoundException)", async () => {
    const { DeleteConfigurationSetCommand } = await import("@aws-sdk/client-sesv2");
    const script2 = async (client: SESv2Client) => {
      await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: "tenant-a" }));
      const deleted = await outcome(() => client.send(new DeleteConfigurationSetCommand({ ConfigurationSetName: "tenant-a" })), (o) => o.$metadata.httpStatusCode);
      const gone = (await outcome(() => client.send(new GetConfigurationSetCommand({ ConfigurationSetName: "tenant-a" })), () => "unexpected")) as { status?: number; name?: string };
      return [deleted, { status: gone.status, name: gone.name }];
    };
    await moto.reset();
    fake.reset();
    const fromMoto = await script2(motoClient);
    const fromFake = await script2(fakeClient);
    expect(fromFake).toEqual(fromMoto);
    expect(fromFake).toEqual([{ ok: 200 }, { status: 404, name: "NotFoundException" }]);
  });

  it("answers DeleteConfigurationSet of a missing set with NotFoundException, as documented, where moto fails with HTTP 500", async () => {
    const { DeleteConfigurationSetCommand } = await import("@aws-sdk/client-sesv2");
    await moto.reset();
    fake.reset();
    const del = async (client: SESv2Client) => (await outcome(() => client.send(new DeleteConfigurationSetCommand({ ConfigurationSetName: "tenant-none" })), () => "unexpected")) as { status?: number; name?: string };
    const [m, f] = [await del(motoClient), await del(fakeClient)];
    expect([m.status, f.status, f.name]).toEqual([500, 404, "NotFoundException"]);
  });

  it("answers each operation moto lacks, where moto answers an error", async () => {
    const sdk = await import("@aws-sdk/client-sesv2");
    await moto.reset();
    fake.reset();
    for (const client of [motoClient, fakeClient]) await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: "tenant-acme" }));
    const csArn = "arn:aws:ses:eu-west-1:123456789012:configuration-set/tenant-acme";
    // In order, each call valid after the previous ones (the tenant's ARN comes from CreateTenant's answer).
    const run = async (client: SESv2Client) => {
      const results: Record<string, unknown> = {};
      const tenant = await outcome(() => client.send(new sdk.CreateTenantCommand({ TenantName: "acme" })), (o) => o.TenantArn);
      results.CreateTenant = tenant;
      const arn = (tenant as { ok?: string }).ok ?? "arn:aws:ses:eu-west-1:123456789012:tenant/acme/none";
      const steps: [string, () => Promise<unknown>][] = [
        ["ListConfigurationSets", () => client.send(new sdk.ListConfigurationSetsCommand({}))],
        ["ListEmailIdentities", () => client.send(new sdk.ListEmailIdentitiesCommand({}))],
        ["PutConfigurationSetSendingOptions", () => client.send(new sdk.PutConfigurationSetSendingOptionsCommand({ ConfigurationSetName: "tenant-acme", SendingEnabled: false }))],
        ["PutConfigurationSetDeliveryOptions", () => client.send(new sdk.PutConfigurationSetDeliveryOptionsCommand({ ConfigurationSetName: "tenant-acme", TlsPolicy: "REQUIRE" }))],
        ["GetTenant", () => client.send(new sdk.GetTenantCommand({ TenantName: "acme" }))],
        ["ListTenants", () => client.send(new sdk.ListTenantsCommand({}))],
        ["CreateTenantResourceAssociation", () => client.send(new sdk.CreateTenantResourceAssociationCommand({ TenantName: "acme", ResourceArn: csArn }))],
        ["ListTenantResources", () => client.send(new sdk.ListTenantResourcesCommand({ TenantName: "acme" }))],
        ["UpdateReputationEntityCustomerManagedStatus", () => client.send(new sdk.UpdateReputationEntityCustomerManagedStatusCommand({ ReputationEntityType: "RESOURCE", ReputationEntityReference: arn, SendingStatus: "DISABLED" }))],
        ["GetReputationEntity", () => client.send(new sdk.GetReputationEntityCommand({ ReputationEntityType: "RESOURCE", ReputationEntityReference: arn }))],
      ];
      for (const [op, call] of steps) results[op] = await outcome(call, () => "ok");
      return results;
    };
    const fromMoto = await run(motoClient);
    const fromFake = await run(fakeClient);
    for (const op of MOTO_LACKS) {
      expect([op, (fromMoto[op] as { ok?: unknown }).ok === undefined], op).toEqual([op, true]);
      expect([op, (fromFake[op] as { ok?: unknown }).ok !== undefined], op).toEqual([op, true]);
    }
  });

  it("keeps the tenant's sending status: customer DISABLED pauses it, SES's own DISABLED overrides a customer ENABLED", async () => {
    const sdk = await import("@aws-sdk/client-sesv2");
    fake.reset();
    const { TenantArn } = await fakeClient.send(new sdk.CreateTenantCommand({ TenantName: "acme" }));
    const status = async () => (await fakeClient.send(new sdk.GetTenantCommand({ TenantName: "acme" }))).Tenant?.SendingStatus;
    const set = (s: "ENABLED" | "DISABLED") => fakeClient.send(new sdk.UpdateReputationEntityCustomerManagedStatusCommand({ ReputationEntityType: "RESOURCE", ReputationEntityReference: TenantArn, SendingStatus: s }));
    const seen = [await status()];
    await set("DISABLED");
    seen.push(await status());
    await set("ENABLED");
    fake.tenants.setSesManagedStatus(TenantArn!, "DISABLED");
    seen.push(await status());
    expect(seen).toEqual(["ENABLED", "DISABLED", "DISABLED"]);
  });

  it("answers an unknown reputation entity as the API reference documents: GetReputationEntity NotFoundException, the update BadRequestException", async () => {
    const sdk = await import("@aws-sdk/client-sesv2");
    fake.reset();
    const arn = "arn:aws:ses:eu-west-1:123456789012:tenant/nobody/tn-0";
    const get = (await outcome(() => fakeClient.send(new sdk.GetReputationEntityCommand({ ReputationEntityType: "RESOURCE", ReputationEntityReference: arn })), () => "unexpected")) as { name?: string };
    const update = (await outcome(
      () => fakeClient.send(new sdk.UpdateReputationEntityCustomerManagedStatusCommand({ ReputationEntityType: "RESOURCE", ReputationEntityReference: arn, SendingStatus: "DISABLED" })),
      () => "unexpected",
    )) as { name?: string };
    expect([get.name, update.name]).toEqual(["NotFoundException", "BadRequestException"]);
  });
});
