import { z } from "zod";
import type { AccountEnv } from "./arns";

/** The Pulumi project name (Pulumi.yaml `name`): the namespace of the stack config keys below. */
export const PROJECT = "emailmate-ops";

const key = (k: string) => `${PROJECT}:${k}`;
const intString = (what: string) =>
  z
    .union([z.number(), z.string().regex(/^\d+$/, { error: (iss) => `expected ${what} as a whole number, got ${JSON.stringify(iss.input)}` })])
    .transform((v) => Number(v))
    .pipe(z.number().int().min(0, { error: `expected ${what} ≥ 0` }));
const boolString = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);

/** Stack config, as `pulumi config` stores it (`<project>:<key>` → value). */
export const stackConfigSchema = z.object({
  "aws:region": z
    .string({
      error: (iss) =>
        iss.input === undefined
          ? "missing aws:region; expected the stack's AWS region (`pulumi config set aws:region eu-west-1`)"
          : `expected an AWS region such as eu-west-1, got ${JSON.stringify(iss.input)}`,
    })
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: (iss) => `expected an AWS region such as eu-west-1, got ${JSON.stringify(iss.input)}` })
    .describe("the platform stack's region"),
  [key("accountId")]: z
    .union([z.string(), z.number()], {
      error: (iss) =>
        iss.input === undefined
          ? `missing ${key("accountId")}; expected the 12-digit AWS account id the stack deploys to (\`pulumi config set ${key("accountId")} 123456789012\`)`
          : `expected a 12-digit AWS account id (quoted), got ${JSON.stringify(iss.input)}`,
    })
    .transform((v) => String(v))
    .pipe(z.string().regex(/^\d{12}$/, { error: (iss) => `expected a 12-digit AWS account id (quoted), got ${JSON.stringify(iss.input)}` }))
    .describe("the AWS account the stack deploys to (key policies name it)"),
  [key("partition")]: z.enum(["aws", "aws-us-gov", "aws-cn"]).default("aws").describe("the AWS partition"),
  [key("platformDomain")]: z.string().default("emailmate.dev").describe("the platform's domain on Vercel"),
  [key("tenantsDir")]: z.string().default("tenants").describe("folder of tenant files, relative to the project"),
  [key("tenantShards")]: intString("tenantShards").default(1).describe("number of tenant shards (stacks)"),
  [key("tenantShard")]: intString("tenantShard").default(0).describe("which shard this stack deploys, 0 ≤ k < tenantShards"),
  [key("platform")]: boolString.optional().describe("whether this stack holds the platform resources (default: shard 0)"),
  [key("vercelTeamId")]: z.string().optional().describe("Vercel team id owning the project"),
});

export interface StackSettings {
  readonly region: string;
  readonly env: AccountEnv;
  readonly platformDomain: string;
  readonly tenantsDir: string;
  readonly tenantShards: number;
  readonly tenantShard: number;
  readonly platform: boolean;
  readonly vercelTeamId?: string;
}

export interface SettingsProblem {
  readonly path: string;
  readonly message: string;
}

/** Reads stack settings from a flat config map; problems are returned, not thrown (the caller locates them). */
export function stackSettings(config: Readonly<Record<string, unknown>>): { settings?: StackSettings; problems: SettingsProblem[] } {
  const parsed = stackConfigSchema.safeParse(config);
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })) };
  }
  const c = parsed.data as Record<string, unknown>;
  const shards = c[key("tenantShards")] as number;
  const shard = c[key("tenantShard")] as number;
  if (shards < 1) return { problems: [{ path: key("tenantShards"), message: `expected tenantShards ≥ 1, got ${shards}` }] };
  if (shard >= shards) return { problems: [{ path: key("tenantShard"), message: `expected tenantShard between 0 and ${shards - 1}, got ${shard}` }] };
  const platform = (c[key("platform")] as boolean | undefined) ?? shard === 0;
  const vercelTeamId = c[key("vercelTeamId")] as string | undefined;
  return {
    problems: [],
    settings: {
      region: c["aws:region"] as string,
      env: { accountId: c[key("accountId")] as string, partition: c[key("partition")] as string },
      platformDomain: c[key("platformDomain")] as string,
      tenantsDir: c[key("tenantsDir")] as string,
      tenantShards: shards,
      tenantShard: shard,
      platform,
      ...(vercelTeamId === undefined ? {} : { vercelTeamId }),
    },
  };
}

export const configKey = key;
