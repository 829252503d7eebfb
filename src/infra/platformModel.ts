import { platformNames } from "../tenants";
import type { AccountEnv } from "./arns";
import { keyPolicy } from "./keyPolicy";
import type * as aws from "@pulumi/aws";
import type * as vercel from "@pulumiverse/vercel";
import { argsOf, ComponentTypes, DATA_CLASSIFICATION, MANAGED_BY, ref, ResourceTypes, secret, type ComponentModel, type ResourceModel } from "./model";

/** The HSTS header the security page promises on the platform domain (two years, subdomains, preload list). */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains; preload";
export const PLATFORM_AUDIT_RETENTION_DAYS = 365;

/** Secret environment variables of the Vercel project: env var name → stack secret config key. */
export const PLATFORM_SECRET_ENV = {
  CONVEX_DEPLOY_KEY: "convexDeployKey",
  EMAILMATE_WEBHOOK_SIGNING_SECRET: "webhookSigningSecret",
} as const;
export const PLATFORM_SECRET_KEYS: readonly string[] = Object.values(PLATFORM_SECRET_ENV);

export interface PlatformSettings {
  readonly region: string;
  readonly domain: string;
  /** Vercel team that owns the project, when not the token's default scope. */
  readonly vercelTeamId?: string;
}

export const PlatformRoles = {
  key: "key",
  keyAlias: "key-alias",
  auditLogGroup: "audit-log-group",
  alertsTopic: "alerts-topic",
  vercelProject: "vercel-project",
  vercelDomain: "vercel-domain",
  vercelFirewall: "vercel-firewall",
  vercelHsts: "vercel-hsts-route",
  vercelEnv: (name: string) => `vercel-env-${name}`,
} as const;

/** The platform-wide resources: platform KMS key, audit log group, alerts topic, and the Vercel project. Pure. */
export function platformModel(settings: PlatformSettings, env: AccountEnv): ComponentModel {
  const R = PlatformRoles;
  const region = settings.region;
  const tags = { "managed-by": MANAGED_BY, "data-classification": DATA_CLASSIFICATION };
  const team: Record<string, string> = settings.vercelTeamId === undefined ? {} : { teamId: settings.vercelTeamId };
  const rule = (action: string) => ({ active: true, action });

  const children: ResourceModel[] = [
    {
      role: R.key,
      type: ResourceTypes.kmsKey,
      inputs: argsOf<aws.kms.KeyArgs>({
        region,
        description: "EmailMate platform: audit log and alerts topic",
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: keyPolicy(env, { region, logGroups: [platformNames.auditLogGroup], alarmArns: [] }),
        tags,
      }),
    },
    { role: R.keyAlias, type: ResourceTypes.kmsAlias, inputs: argsOf<aws.kms.AliasArgs>({ region, name: platformNames.kmsAlias, targetKeyId: ref(R.key, "keyId") }) },
    {
      role: R.auditLogGroup,
      type: ResourceTypes.logGroup,
      inputs: argsOf<aws.cloudwatch.LogGroupArgs>({ region, name: platformNames.auditLogGroup, retentionInDays: PLATFORM_AUDIT_RETENTION_DAYS, kmsKeyId: ref(R.key, "arn"), tags }),
    },
    { role: R.alertsTopic, type: ResourceTypes.snsTopic, inputs: argsOf<aws.sns.TopicArgs>({ region, name: platformNames.alertsTopic, kmsMasterKeyId: ref(R.key, "arn"), tags }) },
    { role: R.vercelProject, type: ResourceTypes.vercelProject, inputs: argsOf<vercel.ProjectArgs>({ name: platformNames.vercelProject, framework: "nextjs", ...team }) },
    { role: R.vercelDomain, type: ResourceTypes.vercelProjectDomain, inputs: argsOf<vercel.ProjectDomainArgs>({ projectId: ref(R.vercelProject, "id"), domain: settings.domain, ...team }) },
    {
      role: R.vercelFirewall,
      type: ResourceTypes.vercelFirewallConfig,
      inputs: argsOf<vercel.FirewallConfigArgs>({
        projectId: ref(R.vercelProject, "id"),
        enabled: true,
        managedRulesets: {
          owasp: {
            gen: rule("deny"),
            java: rule("deny"),
            lfi: rule("deny"),
            ma: rule("deny"),
            php: rule("deny"),
            rce: rule("deny"),
            rfi: rule("deny"),
            sd: rule("deny"),
            sf: rule("deny"),
            sqli: rule("deny"),
            xss: rule("deny"),
          },
          botProtection: rule("challenge"),
          aiBots: rule("deny"),
        },
        ...team,
      }),
    },
    {
      role: R.vercelHsts,
      type: ResourceTypes.vercelProjectRoute,
      inputs: argsOf<vercel.ProjectRouteArgs>({
        projectId: ref(R.vercelProject, "id"),
        name: "hsts",
        description: "HSTS on every response of the platform domain",
        route: { src: "/(.*)", headers: { "Strict-Transport-Security": HSTS_VALUE } },
        ...team,
      }),
    },
    ...Object.entries(PLATFORM_SECRET_ENV).map(
      ([name, key]): ResourceModel => ({
        role: R.vercelEnv(name),
        type: ResourceTypes.vercelProjectEnvironmentVariable,
        inputs: argsOf<vercel.ProjectEnvironmentVariableArgs>({
          projectId: ref(R.vercelProject, "id"),
          key: name,
          value: secret(key),
          sensitive: true,
          targets: ["production", "preview"],
          ...team,
        }),
      }),
    ),
  ];

  return {
    type: ComponentTypes.platform,
    name: "platform",
    inputs: {},
    children,
    outputs: {
      keyArn: ref(R.key, "arn"),
      auditLogGroupName: ref(R.auditLogGroup, "name"),
      alertsTopicArn: ref(R.alertsTopic, "arn"),
      vercelProjectId: ref(R.vercelProject, "id"),
    },
  };
}
