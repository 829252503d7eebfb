import { arns, type AccountEnv } from "../infra/arns";
import { ResourceTypes } from "../infra/model";

/** What a provider would return for a new resource: its id and its state (the inputs plus computed outputs). */
export interface Synthesized {
  readonly id: string;
  readonly state: Record<string, unknown>;
}

const str = (v: unknown, fallback: string): string => (typeof v === "string" ? v : fallback);

/**
 * The outputs a real provider returns (ids, ARNs, names), synthesised deterministically from the resource's
 * logical name and inputs. Both the Pulumi mocks and the fast plan use this, so references such as
 * `kmsKeyId: key.arn` resolve to the same values in both. `importId` is the id of a resource adopted with Pulumi's
 * `import` option.
 */
export function synthesize(env: AccountEnv, defaultRegion: string, type: string, name: string, inputs: Record<string, unknown>, importId?: string): Synthesized {
  const region = str(inputs.region, defaultRegion);
  const withState = (id: string, extra: Record<string, unknown>): Synthesized => ({ id, state: { ...inputs, region, ...extra } });
  switch (type) {
    case ResourceTypes.kmsKey: {
      // An adopted key (Pulumi's `import` option) keeps the id it has in AWS.
      const keyId = importId ?? `mock-key-${name}`;
      return withState(keyId, { keyId, arn: arns.kmsKey(env, region, keyId), isEnabled: true, rotationPeriodInDays: 365 });
    }
    case ResourceTypes.kmsAlias: {
      const alias = str(inputs.name, `alias/${name}`);
      return withState(alias, { name: alias, arn: arns.kmsAlias(env, region, alias), targetKeyArn: arns.kmsKey(env, region, str(inputs.targetKeyId, "")) });
    }
    case ResourceTypes.logGroup: {
      const group = str(inputs.name, name);
      return withState(group, { name: group, arn: arns.logGroup(env, region, group) });
    }
    case ResourceTypes.metricAlarm: {
      const alarm = str(inputs.name, name);
      return withState(alarm, { name: alarm, arn: arns.alarm(env, region, alarm) });
    }
    case ResourceTypes.snsTopic: {
      const topic = str(inputs.name, name);
      const arn = arns.snsTopic(env, region, topic);
      return withState(arn, { name: topic, arn });
    }
    case ResourceTypes.configurationSet: {
      const cs = str(inputs.configurationSetName, name);
      return withState(cs, { arn: arns.configurationSet(env, region, cs) });
    }
    case ResourceTypes.emailIdentity: {
      const identity = str(inputs.emailIdentity, name);
      return withState(identity, { arn: arns.emailIdentity(env, region, identity), identityType: "DOMAIN", verifiedForSendingStatus: false });
    }
    case ResourceTypes.sesTenant: {
      const tenantName = str(inputs.tenantName, name);
      const tenantId = `mock-tenant-${tenantName}`;
      return withState(tenantName, { tenantId, arn: arns.sesTenant(env, region, tenantName, tenantId), sendingStatus: "ENABLED" });
    }
    case ResourceTypes.tenantResourceAssociation:
      return withState(`${str(inputs.tenantName, "")}|${str(inputs.resourceArn, "")}`, {});
    case ResourceTypes.configurationSetEventDestination:
      return withState(`${str(inputs.configurationSetName, "")}|${str(inputs.eventDestinationName, name)}`, {});
    case ResourceTypes.vercelProject:
      return { id: `prj_mock_${name}`, state: { ...inputs } };
    default:
      return { id: `mock-${name}`, state: { ...inputs } };
  }
}
