import type { ResourceRecord } from "../../core/resource";

export const SOURCE_KINDS = ["plan", "stack-export", "checkpoint", "preview", "live"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Resources from one source, turned into the one shape checks see. */
export interface PolicySource {
  readonly kind: SourceKind;
  /** The file read, for file sources. */
  readonly file?: string;
  /** The stack the resources belong to, where known. */
  readonly stack?: string;
  readonly records: readonly ResourceRecord[];
  /** What could not be collected (live sources): checks reading these types report `error`, never `pass`. */
  readonly collectionErrors?: readonly CollectionError[];
}

/** A failure to collect resources of one type (or of everything, without `resourceType`). */
export interface CollectionError {
  readonly resourceType?: string;
  readonly message: string;
}
