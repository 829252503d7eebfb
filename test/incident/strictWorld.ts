import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from "@aws-sdk/client-kms";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateConfigurationSetCommand, CreateTenantCommand, CreateTenantResourceAssociationCommand, SESv2Client } from "@aws-sdk/client-sesv2";
import { CreateTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { tenantKeyDeclaration } from "../../src/infra/tenantKeys";
import { tenantNames, tenantResourceNames } from "../../src/tenants/names";
import { startFakeSesV2, type FakeSesV2 } from "../fakes/sesv2Server";
import { startMoto, type Moto } from "../support/moto";
import { startStrictAws, type StrictAws } from "../support/strictAws";

/** moto + the SES v2 fake behind the strict AWS layer, with SDK clients that go through the strict layer. */
export interface StrictWorld {
  readonly moto: Moto;
  readonly ses: FakeSesV2;
  readonly strict: StrictAws;
  readonly kms: KMSClient;
  readonly logs: CloudWatchLogsClient;
  readonly sns: SNSClient;
  readonly sesv2: SESv2Client;
  /** The environment the CLI needs to act on this world (as alice). */
  readonly env: Record<string, string>;
  /**
   * The environment of each person: their own IAM user's access key (so sts:GetCallerIdentity tells them apart) and
   * their name as EMAILMATE_OPERATOR (for a runner that takes the name). Never `--as` with `--execute`.
   */
  readonly people: Readonly<Record<"alice" | "bob" | "carol", Record<string, string>>>;
  stop(): Promise<void>;
}

export const ENV_ACCOUNT = { accountId: "123456789012", partition: "aws" };
export const REGION = "eu-west-1";

export async function startStrictWorld(): Promise<StrictWorld> {
  const moto = await startMoto(REGION);
  const ses = await startFakeSesV2();
  const strict = await startStrictAws({ moto: moto.endpoint, ses: ses.endpoint });
  const config = { ...moto.clientConfig, endpoint: strict.endpoint };
  const kms = new KMSClient(config);
  const logs = new CloudWatchLogsClient(config);
  const sns = new SNSClient(config);
  const sesv2 = new SESv2Client(config);
  const iam = new IAMClient({ ...moto.clientConfig, region: "us-east-1" });
  const people: Record<string, Record<string, string>> = {};
  for (const name of ["alice", "bob", "carol"]) {
    await iam.send(new CreateUserCommand({ UserName: name }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    people[name] = { AWS_ACCESS_KEY_ID: key.AccessKeyId!, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey!, EMAILMATE_OPERATOR: name };
  }
  iam.destroy();
  return {
    moto,
    ses,
    strict,
    kms,
    logs,
    sns,
    sesv2,
    env: { AWS_REGION: REGION, AWS_ENDPOINT_URL: strict.endpoint, ...people.alice! },
    people: people as StrictWorld["people"],
    async stop() {
      kms.destroy();
      logs.destroy();
      sns.destroy();
      sesv2.destroy();
      await strict.stop();
      await ses.stop();
      await moto.stop();
    },
  };
}

/** What `pulumi up` deployed for one tenant: its key (as declared), alias, audit log group (with events), topic, SES tenant. */
export async function deployTenant(world: StrictWorld, tenant: string): Promise<{ keyId: string; keyArn: string; topicArn: string; tenantArn: string }> {
  const names = tenantNames(tenant);
  const declared = tenantKeyDeclaration(tenant, ENV_ACCOUNT, REGION);
  const key = (
    await world.kms.send(
      new CreateKeyCommand({
        Description: declared.description,
        KeySpec: declared.keySpec,
        KeyUsage: declared.keyUsage,
        Policy: declared.policy,
        Tags: Object.entries(declared.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
      }),
    )
  ).KeyMetadata!;
  await world.kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }));
  await world.kms.send(new CreateAliasCommand({ AliasName: names.kmsAlias, TargetKeyId: key.KeyId }));
  await world.logs.send(new CreateLogGroupCommand({ logGroupName: names.auditLogGroup, kmsKeyId: key.Arn }));
  await world.logs.send(new CreateLogStreamCommand({ logGroupName: names.auditLogGroup, logStreamName: "app" }));
  // Three events over nine days: one PutLogEvents each (a batch may not span more than 24 hours).
  for (const [at, message] of [
    ["2026-11-20T10:00:00Z", '{"action":"key.create","agent":"billing-bot"}'],
    ["2026-11-28T10:00:00Z", '{"action":"key.create","agent":"billing-bot"}'],
    ["2026-11-29T09:00:00Z", '{"action":"domain.add"}'],
  ] as const) {
    await world.logs.send(new PutLogEventsCommand({ logGroupName: names.auditLogGroup, logStreamName: "app", logEvents: [{ timestamp: Date.parse(at), message }] }));
  }
  const topic = await world.sns.send(new CreateTopicCommand({ Name: tenantResourceNames(tenant).alertsTopic, Attributes: { KmsMasterKeyId: key.Arn! } }));
  await world.sesv2.send(new CreateConfigurationSetCommand({ ConfigurationSetName: names.configurationSet }));
  const created = await world.sesv2.send(new CreateTenantCommand({ TenantName: names.sesTenant }));
  await world.sesv2.send(
    new CreateTenantResourceAssociationCommand({ TenantName: names.sesTenant, ResourceArn: `arn:aws:ses:${REGION}:${ENV_ACCOUNT.accountId}:configuration-set/${names.configurationSet}` }),
  );
  return { keyId: key.KeyId!, keyArn: key.Arn!, topicArn: topic.TopicArn!, tenantArn: created.TenantArn! };
}

/** The platform audit log group the runner writes incident events to. */
export async function deployPlatform(world: StrictWorld): Promise<void> {
  await world.logs.send(new CreateLogGroupCommand({ logGroupName: "/emailmate/platform/audit" }));
}
