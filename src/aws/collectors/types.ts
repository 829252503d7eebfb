import type { LiveService } from "./operations";

/** What the live collectors read from one account and region, SDK-free. Tags are flattened to a map. */
export interface LiveKey {
  readonly keyId: string;
  readonly arn: string;
  readonly description?: string;
  readonly keyUsage?: string;
  readonly keySpec?: string;
  readonly keyState?: string;
  readonly origin?: string;
  /** GetKeyRotationStatus; undefined when KMS cannot rotate this key automatically (not asked). */
  readonly rotationEnabled?: boolean;
  readonly rotationPeriodInDays?: number;
  /** GetKeyPolicy (policy `default`), the JSON text as KMS returns it. */
  readonly policy?: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface LiveAlias {
  readonly name: string;
  readonly arn?: string;
  readonly targetKeyId?: string;
}

export interface LiveLogGroup {
  readonly name: string;
  /** The log group's ARN without the `:*` suffix. */
  readonly arn: string;
  readonly retentionInDays?: number;
  readonly kmsKeyId?: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface LiveTopic {
  readonly arn: string;
  readonly name: string;
  readonly kmsMasterKeyId?: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface LiveConfigurationSet {
  readonly name: string;
  readonly arn: string;
  readonly tlsPolicy?: string;
  readonly sendingPoolName?: string;
  readonly reputationMetricsEnabled?: boolean;
  readonly sendingEnabled?: boolean;
  readonly suppressedReasons?: readonly string[];
  readonly tracking?: { readonly customRedirectDomain?: string; readonly httpsPolicy?: string };
  readonly tags: Readonly<Record<string, string>>;
}

export interface LiveSesTenant {
  readonly name: string;
  readonly id?: string;
  readonly arn?: string;
  readonly sendingStatus?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** ListTenantResources: the configuration sets, identities and templates associated with the tenant. */
  readonly resources: readonly { readonly type?: string; readonly arn: string }[];
}

export interface LiveIdentity {
  readonly name: string;
  readonly arn: string;
  readonly identityType?: string;
  readonly configurationSetName?: string;
  readonly nextSigningKeyLength?: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** A call that failed (after the SDK's retries): the collection it belongs to is incomplete. */
export interface CollectionError {
  readonly service: LiveService;
  readonly operation: string;
  /** The AWS error name (AccessDeniedException, ThrottlingException, …) or a network error code. */
  readonly code: string;
  /** E_AWS_ACCESS_DENIED, E_AWS_UNAVAILABLE, E_AWS_ENDPOINT, E_AWS_REQUEST. */
  readonly kind: string;
  readonly message: string;
  /** The resource the call was about, when it was about one (a key id, a configuration set name, …). */
  readonly resource?: string;
  readonly region: string;
}

/** The kinds of resource the collectors list. */
export const INVENTORY_KINDS = ["keys", "aliases", "logGroups", "topics", "configurationSets", "sesTenants", "identities"] as const;
export type InventoryKind = (typeof INVENTORY_KINDS)[number];

/** One region's inventory. A kind whose listing failed is absent from `complete` (and its list is empty or partial). */
export interface LiveInventory {
  readonly region: string;
  readonly accountId?: string;
  readonly partition: string;
  /** The kinds listed completely (every page). Per-resource read errors are in `errors`. */
  readonly complete: readonly InventoryKind[];
  readonly keys: readonly LiveKey[];
  readonly aliases: readonly LiveAlias[];
  readonly logGroups: readonly LiveLogGroup[];
  readonly topics: readonly LiveTopic[];
  readonly configurationSets: readonly LiveConfigurationSet[];
  readonly sesTenants: readonly LiveSesTenant[];
  readonly identities: readonly LiveIdentity[];
  readonly errors: readonly CollectionError[];
}
