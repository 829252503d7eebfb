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
}
