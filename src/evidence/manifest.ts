import type { PolicyReport } from "../policy/report/model";
import type { ControlRow } from "./matrix";
import type { WrittenFile } from "./write";

/** A file the bundle was made from, with its digest (tenant files, stack export or preview, config, suppressions…). */
export interface InputDigest {
  readonly kind: "tenant" | "stack-export" | "preview-json" | "policy-config" | "suppressions" | "runbook" | "stack-config";
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** What produced the bundle, recorded so an auditor can reproduce it and see what was in force. */
export interface Provenance {
  readonly toolVersion: string;
  readonly git: {
    readonly commit: string;
    /** Whether the working tree had uncommitted or untracked changes; "unknown" without git. */
    readonly dirty: boolean | "unknown";
    /** The changed paths (first 50), when dirty. */
    readonly changes?: readonly string[];
  };
  /** Who ran it: $EMAILMATE_OPERATOR, else the login name; and on which host. */
  readonly generatedBy: { readonly operator: string; readonly host: string };
  readonly generatedAt: string;
  /** The period the evidence covers: a point-in-time bundle covers the instant it was generated. */
  readonly period: { readonly kind: "point-in-time"; readonly from: string; readonly to: string };
  readonly inputs: readonly InputDigest[];
  readonly policy: {
    /** The policy-pack config file as given (null when none), and each check's resolved enforcement level. */
    readonly config: unknown;
    readonly enforcement: Readonly<Record<string, string>>;
    readonly suppressions: readonly { readonly policy: string; readonly resource: string; readonly reason: string; readonly expires: string }[];
  };
}

export interface Manifest extends Provenance {
  readonly kind: "emailmate-ops/soc2-evidence";
  readonly version: 2;
  readonly source: PolicyReport["source"];
  readonly summary: PolicyReport["summary"];
  readonly controls: readonly { control: string; status: ControlRow["status"] }[];
  /** Every other file of the bundle with its SHA-256 (the manifest cannot hash itself). */
  readonly files: readonly WrittenFile[];
}

/**
 * The manifest of a bundle (pure): provenance, results, and the digest of every other file. Kept apart from writing
 * so that signing can wrap it: sign the bytes `renderManifest` returns.
 */
export function buildManifest(provenance: Provenance, report: Pick<PolicyReport, "source" | "summary">, matrix: readonly ControlRow[], files: readonly WrittenFile[]): Manifest {
  return {
    kind: "emailmate-ops/soc2-evidence",
    version: 2,
    ...provenance,
    source: report.source,
    summary: report.summary,
    controls: matrix.map((c) => ({ control: c.control, status: c.status })),
    files,
  };
}

export function renderManifest(manifest: Manifest): string {
  return JSON.stringify(manifest, null, 2) + "\n";
}
