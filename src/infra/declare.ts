import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as vercel from "@pulumiverse/vercel";
import { childName, isOutputRef, isSecretRef, ResourceTypes, type ComponentModel, type ModelValue, type ResourceType } from "./model";

type AnyResourceClass = new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** The provider class behind each type token of the model. */
const classes: Record<ResourceType, AnyResourceClass> = {
  [ResourceTypes.kmsKey]: aws.kms.Key,
  [ResourceTypes.kmsAlias]: aws.kms.Alias,
  [ResourceTypes.logGroup]: aws.cloudwatch.LogGroup,
  [ResourceTypes.metricAlarm]: aws.cloudwatch.MetricAlarm,
  [ResourceTypes.snsTopic]: aws.sns.Topic,
  [ResourceTypes.configurationSet]: aws.sesv2.ConfigurationSet,
  [ResourceTypes.configurationSetEventDestination]: aws.sesv2.ConfigurationSetEventDestination,
  [ResourceTypes.emailIdentity]: aws.sesv2.EmailIdentity,
  [ResourceTypes.sesTenant]: aws.sesv2.Tenant,
  [ResourceTypes.tenantResourceAssociation]: aws.sesv2.TenantResourceAssociation,
  [ResourceTypes.vercelProject]: vercel.Project,
  [ResourceTypes.vercelProjectDomain]: vercel.ProjectDomain,
  [ResourceTypes.vercelFirewallConfig]: vercel.FirewallConfig,
  [ResourceTypes.vercelProjectEnvironmentVariable]: vercel.ProjectEnvironmentVariable,
  [ResourceTypes.vercelProjectRoute]: vercel.ProjectRoute,
};

/** Stack secrets by config key (Pulumi secret outputs), for SecretRef values. */
export type SecretSource = (key: string) => pulumi.Output<string>;

/** The created children of a component, by role. */
export type Children = ReadonlyMap<string, pulumi.CustomResource>;

function toInput(value: ModelValue, created: Children, secrets: SecretSource): pulumi.Input<unknown> {
  if (isOutputRef(value)) {
    const resource = created.get(value.role);
    if (resource === undefined) throw new Error(`model refers to ${value.role}.${value.attr} before it is declared`);
    const output = (resource as unknown as Record<string, unknown>)[value.attr];
    if (!pulumi.Output.isInstance(output)) throw new Error(`resource ${value.role} has no output ${value.attr}`);
    return output;
  }
  if (isSecretRef(value)) return secrets(value.key);
  if (Array.isArray(value)) return value.map((v) => toInput(v, created, secrets));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, pulumi.Input<unknown>> = {};
    for (const [k, v] of Object.entries(value as Record<string, ModelValue>)) out[k] = toInput(v, created, secrets);
    return out;
  }
  return value;
}

/** Creates a component's children from its model, each `{ parent }`, in model order. Returns them by role. */
export function declareChildren(parent: pulumi.ComponentResource, model: ComponentModel, secrets: SecretSource): Children {
  const created = new Map<string, pulumi.CustomResource>();
  for (const child of model.children) {
    const Cls = classes[child.type];
    const args = toInput(child.inputs as ModelValue, created, secrets) as never;
    const options = child.options ?? {};
    created.set(
      child.role,
      new Cls(childName(model.name, child.role), args, {
        parent,
        ...(options.import === undefined ? {} : { import: options.import }),
        ...(options.retainOnDelete === undefined ? {} : { retainOnDelete: options.retainOnDelete }),
      }),
    );
  }
  return created;
}

/** The component's registered outputs, resolved from its children. */
export function componentOutputs(model: ComponentModel, created: Children): Record<string, pulumi.Output<unknown>> {
  const out: Record<string, pulumi.Output<unknown>> = {};
  const noSecrets: SecretSource = (key) => {
    throw new Error(`component outputs are references to children, not secrets (${key})`);
  };
  for (const [name, r] of Object.entries(model.outputs)) out[name] = toInput(r, created, noSecrets) as pulumi.Output<unknown>;
  return out;
}
