import type * as aws from "@pulumi/aws";
import { tenantNames, tenantResourceNames } from "../tenants/names";
import type { KeyGeneration } from "../tenants/keyGenerations";
import { arns, type AccountEnv } from "./arns";
import { keyPolicy, retiredKeyPolicy } from "./keyPolicy";
import { argsOf, DATA_CLASSIFICATION, MANAGED_BY, ResourceTypes, type ResourceModel } from "./model";

export const tenantTags = (tenantId: string): Record<string, string> => ({
  tenant: tenantId,
  "managed-by": MANAGED_BY,
  "data-classification": DATA_CLASSIFICATION,
});

/** What every key of a tenant is, as declared: the same for the first key and each replacement. */
export interface TenantKeyDeclaration {
  readonly description: string;
  readonly keySpec: "SYMMETRIC_DEFAULT";
  readonly keyUsage: "ENCRYPT_DECRYPT";
  readonly enableKeyRotation: true;
  readonly policy: string;
  readonly retiredPolicy: string;
  readonly tags: Record<string, string>;
}

/** The tenant key as the program declares it (pure): what a replacement key must be for Pulumi to import it unchanged. */
export function tenantKeyDeclaration(tenantId: string, env: AccountEnv, region: string): TenantKeyDeclaration {
  const names = tenantNames(tenantId);
  const more = tenantResourceNames(tenantId);
  const logGroups = [names.auditLogGroup];
  return {
    description: `EmailMate tenant ${tenantId}: audit logs, alerts topic`,
    keySpec: "SYMMETRIC_DEFAULT",
    keyUsage: "ENCRYPT_DECRYPT",
    enableKeyRotation: true,
    policy: keyPolicy(env, { region, logGroups, alarmArns: [arns.alarm(env, region, more.bounceRateAlarm), arns.alarm(env, region, more.complaintRateAlarm)] }),
    // a getter: only a tenant with a replaced key (and the runbook retiring one) needs it
    get retiredPolicy() {
      return retiredKeyPolicy(env, { region, logGroups });
    },
    tags: tenantTags(tenantId),
  };
}

/** The account and partition of a key ARN (`arn:<partition>:kms:<region>:<account>:key/<id>`), and its region. */
export function envOfKeyArn(arn: string): AccountEnv & { region: string } {
  const m = /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):key\/.+$/.exec(arn);
  if (!m) throw new Error(`not a KMS key ARN: ${arn}`);
  return { partition: m[1]!, region: m[2]!, accountId: m[3]! };
}

/** The role of a key generation: `key` for the first (created by Pulumi), `key-2`, `key-3`, … for replacements. */
export const keyRole = (generation: number): string => (generation === 0 ? "key" : `key-${generation + 1}`);

/**
 * The tenant's KMS keys: the first key and each replacement recorded in the tenant file (`kmsKeys`). The last is
 * the key in use; every earlier one is retired — declared with the retired policy (reading retained logs only) and
 * `retainOnDelete`, so Pulumi never deletes a key retained logs still need. Replacements were created by the
 * kms-key-compromise runbook, so the program adopts each with Pulumi's `import` option.
 */
export function tenantKeys(tenantId: string, env: AccountEnv, region: string, generations: readonly KeyGeneration[]): { children: ResourceModel[]; currentRole: string } {
  const declared = tenantKeyDeclaration(tenantId, env, region);
  const count = generations.length + 1;
  const children: ResourceModel[] = [];
  for (let g = 0; g < count; g++) {
    const retired = g < count - 1;
    const imported = g === 0 ? undefined : generations[g - 1]!.keyId;
    children.push({
      role: keyRole(g),
      type: ResourceTypes.kmsKey,
      inputs: argsOf<aws.kms.KeyArgs>({
        region,
        description: declared.description,
        keyUsage: declared.keyUsage,
        customerMasterKeySpec: declared.keySpec,
        enableKeyRotation: declared.enableKeyRotation,
        deletionWindowInDays: 30,
        policy: retired ? declared.retiredPolicy : declared.policy,
        tags: declared.tags,
      }),
      ...(imported !== undefined || retired ? { options: { ...(imported === undefined ? {} : { import: imported }), ...(retired ? { retainOnDelete: true } : {}) } } : {}),
    });
  }
  return { children, currentRole: keyRole(count - 1) };
}
