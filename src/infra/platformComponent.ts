import * as pulumi from "@pulumi/pulumi";
import type { AccountEnv } from "./arns";
import { componentOutputs, declareChildren, type SecretSource } from "./declare";
import { ComponentTypes } from "./model";
import { platformModel, type PlatformSettings } from "./platformModel";

export interface PlatformComponentArgs {
  readonly settings: PlatformSettings;
  readonly env: AccountEnv;
  /** Stack secrets by config key (e.g. `config.requireSecret`). */
  readonly secrets: SecretSource;
}

/** The platform-wide resources (see platformModel): platform key, audit log group, alerts topic, Vercel project. */
export class PlatformComponent extends pulumi.ComponentResource {
  public readonly keyArn: pulumi.Output<string>;
  public readonly auditLogGroupName: pulumi.Output<string>;
  public readonly alertsTopicArn: pulumi.Output<string>;
  public readonly vercelProjectId: pulumi.Output<string>;

  constructor(name: string, args: PlatformComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(ComponentTypes.platform, name, {}, opts);
    const model = platformModel(args.settings, args.env);
    const children = declareChildren(this, { ...model, name }, args.secrets);
    const outputs = componentOutputs(model, children);
    this.keyArn = outputs.keyArn as pulumi.Output<string>;
    this.auditLogGroupName = outputs.auditLogGroupName as pulumi.Output<string>;
    this.alertsTopicArn = outputs.alertsTopicArn as pulumi.Output<string>;
    this.vercelProjectId = outputs.vercelProjectId as pulumi.Output<string>;
    this.registerOutputs(outputs);
  }
}
