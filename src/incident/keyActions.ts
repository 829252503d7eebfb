import { z } from "zod";
import { tenantKeyDeclaration } from "../infra/tenantKeys";
import { tenantNames, tenantResourceNames } from "../tenants/names";
import { TENANT_ID_PATTERN } from "../tenants/schema";
import { KMS_KEY_ID_PATTERN } from "../tenants/keyGenerations";
import type { ActionSpec, ApiCall } from "./actions";

/**
 * Actions that replace a tenant's KMS key without making retained audit logs unreadable (kms-key-compromise):
 * create a replacement key as the Pulumi program declares it, move new log ingestion and the alerts topic to it,
 * repoint the alias, record the replacement in the tenant file (so the next `pulumi up` adopts it instead of undoing
 * it), and retire the old key to a policy that only lets CloudWatch Logs read what it encrypted.
 */
export const KEY_ACTION_NAMES = [
  "aws.kms.createReplacementKey",
  "aws.logs.associateKmsKey",
  "aws.sns.setTopicKey",
  "aws.kms.updateAlias",
  "aws.kms.retireKey",
  "tenant.recordKeyReplacement",
] as const;

const tenantId = z.string().regex(TENANT_ID_PATTERN, { error: "expected a tenant id, got {value}" }).describe("the tenant id");
const keyId = z.string().regex(KMS_KEY_ID_PATTERN, { error: "expected a KMS key id (not an ARN or alias), got {value}" }).describe("a KMS key id");
const keyArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/, { error: "expected a KMS key ARN (AssociateKmsKey and SNS need the ARN), got {value}" })
  .describe("a KMS key ARN, e.g. {{ steps.create-key.outputs.arn }}");

/** Placeholders in dry-run calls for what only AWS knows yet. */
const ENV = { accountId: "<account>", partition: "aws" };

export const KEY_ACTION_SPECS: readonly ActionSpec[] = [
  {
    name: "aws.kms.createReplacementKey",
    kind: "aws",
    summary:
      "creates a new KMS key for the tenant exactly as the Pulumi program declares one (spec, usage, description, policy, tags, rotation on), reading the current key first (DescribeKey via the alias, GetKeyPolicy, ListResourceTags, GetKeyRotationStatus)",
    inputs: z.strictObject({ tenant: tenantId }),
    outputs: ["keyId", "arn", "oldKeyId", "oldKeyArn", "oldKeyState", "differences"],
    idempotent: false,
    irreversible: false,
    calls: (i) => {
      const id = String(i.tenant);
      const alias = tenantNames(id).kmsAlias;
      const declared = tenantKeyDeclaration(id, ENV, "<region of the current key>");
      const tags = Object.entries(declared.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
      return [
        { service: "kms", operation: "DescribeKey", input: { KeyId: alias } },
        { service: "kms", operation: "GetKeyPolicy", input: { KeyId: `<KeyId of ${alias}>`, PolicyName: "default" } },
        { service: "kms", operation: "ListResourceTags", input: { KeyId: `<KeyId of ${alias}>` } },
        { service: "kms", operation: "GetKeyRotationStatus", input: { KeyId: `<KeyId of ${alias}>` } },
        {
          service: "kms",
          operation: "CreateKey",
          input: { Description: declared.description, KeySpec: declared.keySpec, KeyUsage: declared.keyUsage, Policy: "<the tenant key policy the Pulumi program declares>", Tags: tags },
        },
        { service: "kms", operation: "EnableKeyRotation", input: { KeyId: "<the new KeyId>" } },
      ] satisfies ApiCall[];
    },
  },
  {
    name: "aws.logs.associateKmsKey",
    kind: "aws",
    summary:
      "moves what the tenant's audit log group ingests from now on to another key (AssociateKmsKey; earlier events keep their key, which must stay usable; up to 5 minutes to take effect), then reads it back (DescribeLogGroups)",
    inputs: z.strictObject({ tenant: tenantId, key: keyArn }),
    outputs: ["logGroups", "kmsKeyId"],
    idempotent: true,
    irreversible: false,
    calls: (i) => {
      const group = tenantNames(String(i.tenant)).auditLogGroup;
      return [
        { service: "logs", operation: "AssociateKmsKey", input: { logGroupName: group, kmsKeyId: i.key } },
        { service: "logs", operation: "DescribeLogGroups", input: { logGroupNamePrefix: group } },
      ];
    },
  },
  {
    name: "aws.sns.setTopicKey",
    kind: "aws",
    summary: "encrypts the tenant's alerts topic with another key (SetTopicAttributes KmsMasterKeyId), then reads it back (GetTopicAttributes)",
    inputs: z.strictObject({ tenant: tenantId, key: keyArn }),
    outputs: ["topicArn", "kmsMasterKeyId"],
    idempotent: true,
    irreversible: false,
    calls: (i) => {
      const topic = `<arn of ${tenantResourceNames(String(i.tenant)).alertsTopic} in the key's account and region>`;
      return [
        { service: "sns", operation: "SetTopicAttributes", input: { TopicArn: topic, AttributeName: "KmsMasterKeyId", AttributeValue: i.key } },
        { service: "sns", operation: "GetTopicAttributes", input: { TopicArn: topic } },
      ];
    },
  },
  {
    name: "aws.kms.updateAlias",
    kind: "aws",
    summary: "points the tenant's key alias at another key of the same type and usage (UpdateAlias), then reads it back (DescribeKey)",
    inputs: z.strictObject({ tenant: tenantId, key: keyId }),
    outputs: ["alias", "keyId"],
    idempotent: true,
    irreversible: false,
    calls: (i) => {
      const alias = tenantNames(String(i.tenant)).kmsAlias;
      return [
        { service: "kms", operation: "UpdateAlias", input: { AliasName: alias, TargetKeyId: i.key } },
        { service: "kms", operation: "DescribeKey", input: { KeyId: alias } },
      ];
    },
  },
  {
    name: "aws.kms.retireKey",
    kind: "aws",
    summary:
      "locks a replaced key down: a key policy that only lets CloudWatch Logs decrypt the tenant's retained audit events and lets the account administer (not use) the key (PutKeyPolicy). Refused while the alias, the log group or the topic still use the key. The key stays enabled: retained logs need it",
    inputs: z.strictObject({
      tenant: tenantId,
      key: keyId,
      retentionDays: z.coerce.number().int().min(1).max(3653).describe("the tenant's audit retention: when the retired key may be deleted"),
    }),
    outputs: ["keyId", "keyState", "policy", "deleteAfter"],
    idempotent: true,
    irreversible: true,
    calls: (i) => {
      const names = tenantNames(String(i.tenant));
      return [
        { service: "kms", operation: "DescribeKey", input: { KeyId: i.key } },
        { service: "kms", operation: "DescribeKey", input: { KeyId: names.kmsAlias } },
        { service: "logs", operation: "DescribeLogGroups", input: { logGroupNamePrefix: names.auditLogGroup } },
        { service: "sns", operation: "GetTopicAttributes", input: { TopicArn: `<arn of ${tenantResourceNames(String(i.tenant)).alertsTopic}>` } },
        { service: "kms", operation: "PutKeyPolicy", input: { KeyId: i.key, PolicyName: "default", Policy: "<the retired tenant key policy: Logs may decrypt the audit log group; the account may administer>" } },
        { service: "kms", operation: "GetKeyPolicy", input: { KeyId: i.key, PolicyName: "default" } },
      ];
    },
  },
  {
    name: "tenant.recordKeyReplacement",
    kind: "local",
    summary:
      "records the replacement key in tenants/<id>.yaml (kmsKeys) so the pull-request flow deploys it: the Pulumi program adopts the new key (import) and keeps the old one retired, and the next `pulumi up` does not undo the containment",
    inputs: z.strictObject({ tenant: tenantId, key: keyId, incident: z.string().min(1).max(100).describe("the incident id, {{ incident.id }}") }),
    outputs: ["file", "keyId", "since"],
    idempotent: true,
    irreversible: false,
  },
];
