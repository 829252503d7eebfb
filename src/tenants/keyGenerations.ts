import { z } from "zod";

/** A KMS key id (UUID form): what the runbook records and what Pulumi imports. */
export const KMS_KEY_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * One replacement of a tenant's KMS key, written to the tenant file by the kms-key-compromise runbook and deployed
 * by the pull-request flow: the key was created outside Pulumi, so the program adopts it with Pulumi's `import`
 * option; the key it replaced stays declared, retained and locked (see src/infra/tenantKeys.ts).
 */
export const keyGenerationSchema = z
  .strictObject({
    keyId: z
      .string()
      .regex(KMS_KEY_ID_PATTERN, { error: "expected a KMS key id such as 1234abcd-12ab-34cd-56ef-1234567890ab, got {value}" })
      .describe("the replacement key's id (KMS key id, not an ARN or alias)"),
    since: z.iso.datetime({ offset: true, error: "expected an ISO 8601 time, got {value}" }).describe("when the tenant's log groups and topic moved to this key"),
    incident: z.string().min(1).max(100).optional().describe("the incident that replaced the key"),
  })
  .describe("a replacement KMS key of the tenant");

export const keyGenerationsSchema = z
  .array(keyGenerationSchema)
  .max(20, { error: "expected at most 20 key replacements" })
  .describe("the tenant's replacement KMS keys, oldest first; the last is the key in use (written by the kms-key-compromise runbook)");

export type KeyGeneration = z.output<typeof keyGenerationSchema>;
