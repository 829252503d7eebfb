/**
 * What the offline plan produces and what every policy source (plan, stack export, checkpoint, preview JSON)
 * is turned into. Checks see only this shape, never the source format.
 */
export interface ResourceRecord {
  /** Pulumi URN, `urn:pulumi:<stack>::<project>::<type chain>::<name>`. */
  readonly urn: string;
  /** Pulumi type token, e.g. `aws:sesv2/configurationSet:ConfigurationSet`. */
  readonly type: string;
  /** The resource's logical name. */
  readonly name: string;
  /** The tenant id the resource belongs to, when it belongs to one. */
  readonly tenant?: string;
  /** The resource's inputs (or outputs, for sources that only have those). What resource checks judge. */
  readonly props: Record<string, unknown>;
  /** The resource's outputs where the source has them (plan mocks, stack exports): what stack checks may read. */
  readonly outputs?: Record<string, unknown>;
  /** The provider's id for the resource, where known. */
  readonly id?: string;
  /** URN of the parent resource, where known. */
  readonly parent?: string;
}

/** Finds a record by URN; the index is built at the first look-up (many callers never need one). */
export function recordsByUrn(records: readonly ResourceRecord[]): (urn: string) => ResourceRecord | undefined {
  let byUrn: Map<string, ResourceRecord> | undefined;
  return (urn) => (byUrn ??= new Map(records.map((r) => [r.urn, r]))).get(urn);
}
