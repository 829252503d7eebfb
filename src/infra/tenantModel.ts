import { tenantResourceNames, type Tenant } from "../tenants";
import type { AccountEnv } from "./arns";
import type * as aws from "@pulumi/aws";
import { argsOf, ComponentTypes, ref, ResourceTypes, type ComponentModel, type ResourceModel } from "./model";
import { tenantKeys, tenantTags as tagsOf } from "./tenantKeys";

/** SES review thresholds (reputation metrics are ratios): bounce rate 5 %, complaint rate 0.1 %. */
export const BOUNCE_RATE_THRESHOLD = 0.05;
export const COMPLAINT_RATE_THRESHOLD = 0.001;
/** Events the tenant's configuration set publishes. */
export const TENANT_EVENT_TYPES = ["BOUNCE", "COMPLAINT", "REJECT", "DELIVERY"] as const;

export const tenantTags = (tenant: Tenant): Record<string, string> => tagsOf(tenant.id);

/** The tenant component's own registered inputs. */
export const tenantComponentInputs = (tenant: Tenant): Record<string, string> => ({ tenant: tenant.id });

/** Roles of a tenant component's children (the child's name is `${tenant id}-${role}`). */
export const TenantRoles = {
  key: "key",
  keyAlias: "key-alias",
  auditLogGroup: "audit-log-group",
  configurationSet: "configuration-set",
  sesTenant: "ses-tenant",
  configurationSetAssociation: "configuration-set-association",
  identity: (domain: string) => `identity-${domain}`,
  identityAssociation: (domain: string) => `identity-${domain}-association`,
  eventDestination: "event-destination",
  alertsTopic: "alerts-topic",
  bounceRateAlarm: "bounce-rate-alarm",
  complaintRateAlarm: "complaint-rate-alarm",
} as const;

/**
 * Everything one tenant declares, as data: a KMS key (with its retired predecessors, if it was replaced) and alias,
 * the encrypted audit log group, the SES v2 configuration set, SES tenant with associations for the configuration set and every identity, Easy-DKIM
 * identities, an event destination, an encrypted alerts topic and two reputation alarms. Pure.
 */
export function tenantModel(tenant: Tenant, env: AccountEnv): ComponentModel {
  const R = TenantRoles;
  const names = tenant.names;
  const more = tenantResourceNames(tenant.id);
  const region = tenant.region;
  const tags = tenantTags(tenant);
  const domains = tenant.sending.domains;

  // The key in use is the last generation (the first key, or the latest replacement recorded in the tenant file).
  const keys = tenantKeys(tenant.id, env, region, tenant.kmsKeys ?? []);
  const key = keys.currentRole;
  const children: ResourceModel[] = [
    ...keys.children,
    { role: R.keyAlias, type: ResourceTypes.kmsAlias, inputs: argsOf<aws.kms.AliasArgs>({ region, name: names.kmsAlias, targetKeyId: ref(key, "keyId") }) },
    {
      role: R.auditLogGroup,
      type: ResourceTypes.logGroup,
      inputs: argsOf<aws.cloudwatch.LogGroupArgs>({ region, name: names.auditLogGroup, retentionInDays: tenant.audit.retentionDays, kmsKeyId: ref(key, "arn"), tags }),
    },
    {
      role: R.configurationSet,
      type: ResourceTypes.configurationSet,
      inputs: argsOf<aws.sesv2.ConfigurationSetArgs>({
        region,
        configurationSetName: names.configurationSet,
        deliveryOptions: { tlsPolicy: tenant.sending.tlsPolicy },
        reputationOptions: { reputationMetricsEnabled: true },
        sendingOptions: { sendingEnabled: true },
        suppressionOptions: { suppressedReasons: [...tenant.sending.suppressedReasons] },
        ...(tenant.sending.trackingDomain === undefined
          ? {}
          : { trackingOptions: { customRedirectDomain: tenant.sending.trackingDomain, httpsPolicy: "REQUIRE" } }),
        tags,
      }),
    },
    { role: R.sesTenant, type: ResourceTypes.sesTenant, inputs: argsOf<aws.sesv2.TenantArgs>({ region, tenantName: names.sesTenant, tags }) },
    {
      role: R.configurationSetAssociation,
      type: ResourceTypes.tenantResourceAssociation,
      inputs: argsOf<aws.sesv2.TenantResourceAssociationArgs>({ region, tenantName: ref(R.sesTenant, "tenantName"), resourceArn: ref(R.configurationSet, "arn") }),
    },
  ];

  for (const domain of domains) {
    children.push(
      {
        role: R.identity(domain),
        type: ResourceTypes.emailIdentity,
        inputs: argsOf<aws.sesv2.EmailIdentityArgs>({
          region,
          emailIdentity: domain,
          configurationSetName: ref(R.configurationSet, "configurationSetName"),
          dkimSigningAttributes: { nextSigningKeyLength: "RSA_2048_BIT" },
          tags,
        }),
      },
      {
        role: R.identityAssociation(domain),
        type: ResourceTypes.tenantResourceAssociation,
        inputs: argsOf<aws.sesv2.TenantResourceAssociationArgs>({ region, tenantName: ref(R.sesTenant, "tenantName"), resourceArn: ref(R.identity(domain), "arn") }),
      },
    );
  }

  const alarm = (role: string, name: string, metricName: string, threshold: number, what: string): ResourceModel => ({
    role,
    type: ResourceTypes.metricAlarm,
    inputs: argsOf<aws.cloudwatch.MetricAlarmArgs>({
      region,
      name,
      alarmDescription: `${what} of tenant ${tenant.id} reached the SES review threshold (${threshold * 100} %)`,
      namespace: "AWS/SES",
      metricName,
      dimensions: { "ses:configuration-set": ref(R.configurationSet, "configurationSetName") },
      statistic: "Average",
      period: 3600,
      evaluationPeriods: 1,
      threshold,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [ref(R.alertsTopic, "arn")],
      okActions: [ref(R.alertsTopic, "arn")],
      tags,
    }),
  });

  children.push(
    {
      role: R.eventDestination,
      type: ResourceTypes.configurationSetEventDestination,
      inputs: argsOf<aws.sesv2.ConfigurationSetEventDestinationArgs>({
        region,
        configurationSetName: ref(R.configurationSet, "configurationSetName"),
        eventDestinationName: more.eventDestination,
        eventDestination: {
          enabled: true,
          matchingEventTypes: [...TENANT_EVENT_TYPES],
          cloudWatchDestination: {
            dimensionConfigurations: [
              { dimensionName: "ses:configuration-set", dimensionValueSource: "MESSAGE_TAG", defaultDimensionValue: names.configurationSet },
            ],
          },
        },
      }),
    },
    { role: R.alertsTopic, type: ResourceTypes.snsTopic, inputs: argsOf<aws.sns.TopicArgs>({ region, name: more.alertsTopic, kmsMasterKeyId: ref(key, "arn"), tags }) },
    alarm(R.bounceRateAlarm, more.bounceRateAlarm, "Reputation.BounceRate", BOUNCE_RATE_THRESHOLD, "Bounce rate"),
    alarm(R.complaintRateAlarm, more.complaintRateAlarm, "Reputation.ComplaintRate", COMPLAINT_RATE_THRESHOLD, "Complaint rate"),
  );

  return {
    type: ComponentTypes.tenant,
    name: tenant.id,
    tenant: tenant.id,
    inputs: tenantComponentInputs(tenant),
    children,
    outputs: {
      keyArn: ref(key, "arn"),
      configurationSetName: ref(R.configurationSet, "configurationSetName"),
      configurationSetArn: ref(R.configurationSet, "arn"),
      auditLogGroupName: ref(R.auditLogGroup, "name"),
      alertsTopicArn: ref(R.alertsTopic, "arn"),
    },
  };
}
