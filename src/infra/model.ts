/**
 * The component model: a pure description of the resources a component declares (type, child name, inputs with
 * references to sibling outputs). The Pulumi components create exactly these resources; the fast plan evaluates
 * the same description without the Pulumi runtime. One description, two interpreters.
 */

/** Pulumi type tokens of every resource the program declares. */
export const ResourceTypes = {
  kmsKey: "aws:kms/key:Key",
  kmsAlias: "aws:kms/alias:Alias",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  snsTopic: "aws:sns/topic:Topic",
  configurationSet: "aws:sesv2/configurationSet:ConfigurationSet",
  configurationSetEventDestination: "aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination",
  emailIdentity: "aws:sesv2/emailIdentity:EmailIdentity",
  sesTenant: "aws:sesv2/tenant:Tenant",
  tenantResourceAssociation: "aws:sesv2/tenantResourceAssociation:TenantResourceAssociation",
  vercelProject: "vercel:index/project:Project",
  vercelProjectDomain: "vercel:index/projectDomain:ProjectDomain",
  vercelFirewallConfig: "vercel:index/firewallConfig:FirewallConfig",
  vercelProjectEnvironmentVariable: "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
  vercelProjectRoute: "vercel:index/projectRoute:ProjectRoute",
} as const;
export type ResourceType = (typeof ResourceTypes)[keyof typeof ResourceTypes];

/** Component type tokens. */
export const ComponentTypes = {
  tenant: "emailmate:tenant:Tenant",
  platform: "emailmate:platform:Platform",
} as const;
export type ComponentType = (typeof ComponentTypes)[keyof typeof ComponentTypes];

/** A reference to an output of an earlier child of the same component (e.g. the KMS key's `arn`). */
export interface OutputRef {
  readonly kind: "ref";
  readonly role: string;
  readonly attr: string;
}

/** A secret supplied by the stack (Pulumi secret config); its value never enters the model. */
export interface SecretRef {
  readonly kind: "secret";
  readonly key: string;
}

export type ModelValue =
  | string
  | number
  | boolean
  | OutputRef
  | SecretRef
  | readonly ModelValue[]
  | { readonly [key: string]: ModelValue };

/** The Pulumi resource options a child may need. */
export interface ResourceModelOptions {
  /** Adopt an existing resource with this provider id (Pulumi's `import` option) instead of creating one. */
  readonly import?: string;
  /** Leave the cloud resource in place when Pulumi deletes or stops managing it. */
  readonly retainOnDelete?: boolean;
}

/** One child resource of a component. Its Pulumi name is `${component name}-${role}`. */
export interface ResourceModel {
  readonly role: string;
  readonly type: ResourceType;
  readonly inputs: { readonly [key: string]: ModelValue };
  readonly options?: ResourceModelOptions;
}

export interface ComponentModel {
  readonly type: ComponentType;
  /** The component's Pulumi name: the tenant id, or "platform". */
  readonly name: string;
  /** The tenant id, for tenant components. */
  readonly tenant?: string;
  /** The component's own inputs as it registers them. */
  readonly inputs: { readonly [key: string]: string };
  /** Children in declaration order; references point only to earlier children. */
  readonly children: readonly ResourceModel[];
  /** What the component registers as its outputs. */
  readonly outputs: { readonly [key: string]: OutputRef };
}

export const ref = (role: string, attr: string): OutputRef => ({ kind: "ref", role, attr });
export const secret = (key: string): SecretRef => ({ kind: "secret", key });

export function isOutputRef(v: unknown): v is OutputRef {
  return typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === "ref" && typeof (v as OutputRef).role === "string";
}

export function isSecretRef(v: unknown): v is SecretRef {
  return typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === "secret" && typeof (v as SecretRef).key === "string";
}

/** The child's Pulumi name. */
export const childName = (component: string, role: string): string => `${component}-${role}`;

/** Tag values every taggable resource carries. */
export const MANAGED_BY = "emailmate-ops";
export const DATA_CLASSIFICATION = "confidential";

/** A provider's args type as the model writes it: plain values, or references where an output feeds an input. */
type Modeled<T> = T extends string | number | boolean
  ? T | OutputRef | SecretRef
  : T extends readonly (infer U)[]
    ? readonly Modeled<U>[] | OutputRef
    : T extends object
      ? { readonly [K in keyof T]: Modeled<T[K]> }
      : T;

/**
 * Checks a child's inputs against the provider SDK's args type at compile time (type-only: nothing is imported
 * at run time), so a misspelt input name, at any depth, fails `tsc`.
 */
export function argsOf<A>(inputs: Modeled<UnwrapArgs<A>>): { readonly [key: string]: ModelValue } {
  return inputs as unknown as { readonly [key: string]: ModelValue };
}

/** `pulumi.Input<X>` → X, recursively (a local copy of the idea of `pulumi.Unwrap`, for args types). */
type UnwrapArgs<T> = T extends PromiseLike<infer U>
  ? UnwrapArgs<U>
  : T extends { apply: unknown; get: unknown }
    ? never
    : T extends readonly (infer U)[]
      ? UnwrapArgs<U>[]
      : T extends object
        ? { [K in keyof T]: UnwrapArgs<Exclude<T[K], undefined>> | Extract<T[K], undefined> }
        : T;
