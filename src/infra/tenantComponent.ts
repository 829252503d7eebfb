import * as pulumi from "@pulumi/pulumi";
import type { Tenant } from "../tenants";
import type { AccountEnv } from "./arns";
import { componentOutputs, declareChildren } from "./declare";
import { ComponentTypes } from "./model";
import { tenantComponentInputs, tenantModel } from "./tenantModel";

export interface TenantComponentArgs {
  readonly tenant: Tenant;
  readonly env: AccountEnv;
}

/**
 * One tenant's infrastructure (see tenantModel): KMS key, SES v2 configuration set, SES tenant and associations,
 * identities, event destination, encrypted log groups, alerts topic and reputation alarms; every child
 * `${name}-<role>` with `{ parent: this }`.
 */
export class TenantComponent extends pulumi.ComponentResource {
  public readonly keyArn: pulumi.Output<string>;
  public readonly configurationSetName: pulumi.Output<string>;
  public readonly configurationSetArn: pulumi.Output<string>;
  public readonly auditLogGroupName: pulumi.Output<string>;
  public readonly alertsTopicArn: pulumi.Output<string>;

  constructor(name: string, args: TenantComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(ComponentTypes.tenant, name, tenantComponentInputs(args.tenant), opts);
    const model = tenantModel(args.tenant, args.env);
    const children = declareChildren(this, { ...model, name }, () => {
      throw new Error("tenant components take no secrets");
    });
    const outputs = componentOutputs(model, children);
    this.keyArn = outputs.keyArn as pulumi.Output<string>;
    this.configurationSetName = outputs.configurationSetName as pulumi.Output<string>;
    this.configurationSetArn = outputs.configurationSetArn as pulumi.Output<string>;
    this.auditLogGroupName = outputs.auditLogGroupName as pulumi.Output<string>;
    this.alertsTopicArn = outputs.alertsTopicArn as pulumi.Output<string>;
    this.registerOutputs(outputs);
  }
}
