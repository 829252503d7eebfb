import { CreateLogGroupCommand, CloudWatchLogsClient, PutRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand, KMSClient, type KeySpec, type KeyUsageType } from "@aws-sdk/client-kms";
import { CreateConfigurationSetCommand, CreateEmailIdentityCommand, SESv2Client, type TlsPolicy } from "@aws-sdk/client-sesv2";
import { CreateTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import type { ResourceRecord } from "../../src/core/resource";
import { ResourceTypes as T } from "../../src/infra/model";
import type { FakeSesV2 } from "../fakes/sesv2Server";
import type { Moto } from "../support/moto";

/** moto's account, which the fake's tenant ARNs use too. */
export const MOTO_ACCOUNT = "123456789012";

const tagList = (tags: unknown) => Object.entries((tags ?? {}) as Record<string, string>).map(([Key, Value]) => ({ Key, Value }));

/** Clients for one region: KMS, Logs, SNS on moto; SES v2 on the fake. */
export function regionClients(moto: Moto, fake: FakeSesV2, region: string) {
  const base = { ...moto.clientConfig, region };
  const clients = {
    kms: new KMSClient(base),
    logs: new CloudWatchLogsClient(base),
    sns: new SNSClient(base),
    ses: new SESv2Client({ ...base, endpoint: fake.endpoint }),
  };
  return {
    ...clients,
    destroy() {
      for (const c of Object.values(clients)) c.destroy();
    },
  };
}

/** What the builder made: plan key ARN → the real key's id and ARN, per region. */
export interface BuiltAccount {
  readonly keys: Map<string, { keyId: string; arn: string; region: string }>;
}

/**
 * Deploys the plan's KMS keys and aliases, log groups, topics (moto), configuration sets and identities (the SES v2
 * fake) and SES tenants with their associations (seeded in the fake), with the plan's inputs — an account that
 * matches the plan. References to the plan's keys are replaced by the real keys.
 */
export async function buildAccount(records: readonly ResourceRecord[], moto: Moto, fake: FakeSesV2): Promise<BuiltAccount> {
  const keys = new Map<string, { keyId: string; arn: string; region: string }>();
  const byRegion = new Map<string, ResourceRecord[]>();
  for (const r of records) {
    const region = r.props.region;
    if (typeof region !== "string") continue;
    byRegion.set(region, [...(byRegion.get(region) ?? []), r]);
  }
  for (const [region, list] of byRegion) {
    const c = regionClients(moto, fake, region);
    const real = (planRef: unknown) => [...keys.entries()].find(([arn, k]) => planRef === arn || planRef === k.keyId)?.[1];
    const planKeyIdToArn = new Map<string, string>();
    try {
      for (const r of list.filter((x) => x.type === T.kmsKey)) {
        const p = r.props;
        const out = await c.kms.send(
          new CreateKeyCommand({ Description: p.description as string, KeyUsage: p.keyUsage as KeyUsageType, KeySpec: p.customerMasterKeySpec as KeySpec, Policy: p.policy as string, Tags: tagList(p.tags).map((t) => ({ TagKey: t.Key, TagValue: t.Value })) }),
        );
        const m = out.KeyMetadata!;
        if (p.enableKeyRotation === true) await c.kms.send(new EnableKeyRotationCommand({ KeyId: m.KeyId! }));
        keys.set(r.outputs!.arn as string, { keyId: m.KeyId!, arn: m.Arn!, region });
        planKeyIdToArn.set(r.outputs!.keyId as string, r.outputs!.arn as string);
      }
      for (const r of list.filter((x) => x.type === T.kmsAlias)) {
        const target = keys.get(planKeyIdToArn.get(r.props.targetKeyId as string)!)!;
        await c.kms.send(new CreateAliasCommand({ AliasName: r.props.name as string, TargetKeyId: target.keyId }));
      }
      for (const r of list.filter((x) => x.type === T.logGroup)) {
        const name = r.props.name as string;
        await c.logs.send(new CreateLogGroupCommand({ logGroupName: name, kmsKeyId: real(r.props.kmsKeyId)!.arn, tags: r.props.tags as Record<string, string> }));
        await c.logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: r.props.retentionInDays as number }));
      }
      for (const r of list.filter((x) => x.type === T.snsTopic)) {
        await c.sns.send(new CreateTopicCommand({ Name: r.props.name as string, Attributes: { KmsMasterKeyId: real(r.props.kmsMasterKeyId)!.arn }, Tags: tagList(r.props.tags) }));
      }
      for (const r of list.filter((x) => x.type === T.configurationSet)) {
        const p = r.props as Record<string, Record<string, unknown> | undefined> & { configurationSetName: string };
        await c.ses.send(
          new CreateConfigurationSetCommand({
            ConfigurationSetName: p.configurationSetName,
            DeliveryOptions: { TlsPolicy: p.deliveryOptions?.tlsPolicy as TlsPolicy },
            ReputationOptions: { ReputationMetricsEnabled: p.reputationOptions?.reputationMetricsEnabled as boolean },
            SendingOptions: { SendingEnabled: p.sendingOptions?.sendingEnabled as boolean },
            SuppressionOptions: { SuppressedReasons: p.suppressionOptions?.suppressedReasons as ("BOUNCE" | "COMPLAINT")[] },
            ...(p.trackingOptions !== undefined
              ? { TrackingOptions: { CustomRedirectDomain: p.trackingOptions.customRedirectDomain as string, HttpsPolicy: p.trackingOptions.httpsPolicy as "REQUIRE" } }
              : {}),
            Tags: tagList(p.tags),
          }),
        );
      }
      for (const r of list.filter((x) => x.type === T.emailIdentity)) {
        await c.ses.send(
          new CreateEmailIdentityCommand({
            EmailIdentity: r.props.emailIdentity as string,
            ConfigurationSetName: r.props.configurationSetName as string,
            DkimSigningAttributes: { NextSigningKeyLength: (r.props.dkimSigningAttributes as { nextSigningKeyLength: "RSA_2048_BIT" }).nextSigningKeyLength },
            Tags: tagList(r.props.tags),
          }),
        );
      }
      for (const r of list.filter((x) => x.type === T.sesTenant)) {
        const name = r.props.tenantName as string;
        const resources = list
          .filter((x) => x.type === T.tenantResourceAssociation && x.props.tenantName === name)
          .map((x) => (x.props.resourceArn as string).replace(/:\d{12}:/, `:${MOTO_ACCOUNT}:`));
        fake.seedTenant({ region, name, tags: r.props.tags as Record<string, string>, resources });
      }
    } finally {
      c.destroy();
    }
  }
  return { keys };
}
