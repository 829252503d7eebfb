import {
  GetConfigurationSetCommand,
  GetEmailIdentityCommand,
  GetTenantCommand,
  ListConfigurationSetsCommand,
  ListEmailIdentitiesCommand,
  ListTenantResourcesCommand,
  ListTenantsCommand,
  type SESv2Client,
} from "@aws-sdk/client-sesv2";
import type { LiveScope } from "./scope";
import { collectionError, isGone, mapLimit, tagMap, type ItemResult } from "./support";
import type { CollectionError, LiveConfigurationSet, LiveIdentity, LiveSesTenant } from "./types";

export interface SesCollection {
  readonly configurationSets: LiveConfigurationSet[];
  readonly sesTenants: LiveSesTenant[];
  readonly identities: LiveIdentity[];
  readonly errors: CollectionError[];
  readonly complete: { readonly configurationSets: boolean; readonly sesTenants: boolean; readonly identities: boolean };
}

export interface SesArnContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/**
 * SES v2: ListConfigurationSets → GetConfigurationSet (delivery/TLS, reputation, sending, suppression, tracking,
 * tags) for the scope's sets; ListTenants → GetTenant and ListTenantResources; ListEmailIdentities →
 * GetEmailIdentity. Every list follows NextToken. A resource deleted between list and get (NotFoundException) is
 * skipped; TooManyRequestsException is retried by the client (adaptive), then reported.
 */
export async function collectSes(client: SESv2Client, scope: LiveScope, at: SesArnContext, pageSize?: number): Promise<SesCollection> {
  const region = at.region;
  const errors: CollectionError[] = [];
  const page = pageSize ? { PageSize: pageSize } : {};
  const list = async <T>(operation: string, fetch: (token: string | undefined) => Promise<{ items: T[]; next?: string }>): Promise<T[] | undefined> => {
    const all: T[] = [];
    try {
      let token: string | undefined;
      do {
        const out = await fetch(token);
        all.push(...out.items);
        token = out.next;
      } while (token !== undefined && token !== "");
      return all;
    } catch (err) {
      errors.push(collectionError("sesv2", operation, err, region));
      return undefined;
    }
  };

  const setNames = await list("ListConfigurationSets", async (t) => {
    const out = await client.send(new ListConfigurationSetsCommand({ NextToken: t, ...page }));
    return { items: out.ConfigurationSets ?? [], ...(out.NextToken ? { next: out.NextToken } : {}) };
  });
  const tenantNames = await list("ListTenants", async (t) => {
    const out = await client.send(new ListTenantsCommand({ NextToken: t, ...page }));
    return { items: (out.Tenants ?? []).map((x) => x.TenantName).filter((n): n is string => !!n), ...(out.NextToken ? { next: out.NextToken } : {}) };
  });
  const identityNames = await list("ListEmailIdentities", async (t) => {
    const out = await client.send(new ListEmailIdentitiesCommand({ NextToken: t, ...page }));
    return { items: (out.EmailIdentities ?? []).map((x) => x.IdentityName).filter((n): n is string => !!n), ...(out.NextToken ? { next: out.NextToken } : {}) };
  });

  const collect = <T>(results: ItemResult<T | undefined>[]): T[] => {
    const kept: T[] = [];
    for (const r of results) {
      if ("error" in r) errors.push(r.error);
      else if ("ok" in r && r.ok !== undefined) kept.push(r.ok);
    }
    return kept;
  };

  const configurationSets = collect(
    await mapLimit((setNames ?? []).filter((n) => scope.ownsSesName(n)), 4, async (name): Promise<ItemResult<LiveConfigurationSet>> => {
      try {
        const o = await client.send(new GetConfigurationSetCommand({ ConfigurationSetName: name }));
        const tracking = o.TrackingOptions;
        return {
          ok: {
            name,
            arn: `arn:${at.partition}:ses:${region}:${at.accountId}:configuration-set/${name}`,
            ...(o.DeliveryOptions?.TlsPolicy !== undefined ? { tlsPolicy: o.DeliveryOptions.TlsPolicy } : {}),
            ...(o.DeliveryOptions?.SendingPoolName !== undefined ? { sendingPoolName: o.DeliveryOptions.SendingPoolName } : {}),
            ...(o.ReputationOptions?.ReputationMetricsEnabled !== undefined ? { reputationMetricsEnabled: o.ReputationOptions.ReputationMetricsEnabled } : {}),
            ...(o.SendingOptions?.SendingEnabled !== undefined ? { sendingEnabled: o.SendingOptions.SendingEnabled } : {}),
            ...(o.SuppressionOptions?.SuppressedReasons !== undefined ? { suppressedReasons: [...o.SuppressionOptions.SuppressedReasons] } : {}),
            ...(tracking !== undefined
              ? { tracking: { ...(tracking.CustomRedirectDomain ? { customRedirectDomain: tracking.CustomRedirectDomain } : {}), ...(tracking.HttpsPolicy ? { httpsPolicy: tracking.HttpsPolicy } : {}) } }
              : {}),
            tags: tagMap(o.Tags),
          },
        };
      } catch (err) {
        if (isGone(err)) return { gone: true };
        return { error: collectionError("sesv2", "GetConfigurationSet", err, region, name) };
      }
    }),
  );

  const sesTenants = collect(
    await mapLimit(tenantNames ?? [], 4, async (name): Promise<ItemResult<LiveSesTenant | undefined>> => {
      let op = "GetTenant";
      try {
        const t = (await client.send(new GetTenantCommand({ TenantName: name }))).Tenant;
        op = "ListTenantResources";
        const resources: { type?: string; arn: string }[] = [];
        let token: string | undefined;
        do {
          const out = await client.send(new ListTenantResourcesCommand({ TenantName: name, NextToken: token, ...page }));
          for (const r of out.TenantResources ?? []) if (r.ResourceArn) resources.push({ ...(r.ResourceType ? { type: r.ResourceType } : {}), arn: r.ResourceArn });
          token = out.NextToken;
        } while (token !== undefined && token !== "");
        const tags = tagMap(t?.Tags);
        const ours = scope.owns(tags) || resources.some((r) => scope.ownsSesName(r.arn.slice(r.arn.lastIndexOf("/") + 1)));
        if (!ours) return { ok: undefined };
        return {
          ok: {
            name,
            ...(t?.TenantId ? { id: t.TenantId } : {}),
            ...(t?.TenantArn ? { arn: t.TenantArn } : {}),
            ...(t?.SendingStatus ? { sendingStatus: t.SendingStatus } : {}),
            tags,
            resources,
          },
        };
      } catch (err) {
        if (isGone(err)) return { gone: true };
        return { error: collectionError("sesv2", op, err, region, name) };
      }
    }),
  );

  const identities = collect(
    await mapLimit(identityNames ?? [], 4, async (name): Promise<ItemResult<LiveIdentity | undefined>> => {
      try {
        const o = await client.send(new GetEmailIdentityCommand({ EmailIdentity: name }));
        const tags = tagMap(o.Tags);
        if (!scope.owns(tags) && !(o.ConfigurationSetName !== undefined && scope.ownsSesName(o.ConfigurationSetName))) return { ok: undefined };
        return {
          ok: {
            name,
            arn: `arn:${at.partition}:ses:${region}:${at.accountId}:identity/${name}`,
            ...(o.IdentityType ? { identityType: o.IdentityType } : {}),
            ...(o.ConfigurationSetName ? { configurationSetName: o.ConfigurationSetName } : {}),
            ...(o.DkimAttributes?.NextSigningKeyLength ? { nextSigningKeyLength: o.DkimAttributes.NextSigningKeyLength } : {}),
            tags,
          },
        };
      } catch (err) {
        if (isGone(err)) return { gone: true };
        return { error: collectionError("sesv2", "GetEmailIdentity", err, region, name) };
      }
    }),
  );

  return { configurationSets, sesTenants, identities, errors, complete: { configurationSets: setNames !== undefined, sesTenants: tenantNames !== undefined, identities: identityNames !== undefined } };
}
