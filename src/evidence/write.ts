import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EvidenceFile } from "./bundle";

/** Writes the bundle's files into `dir` (created if needed); other files in `dir` are left alone. */
export function writeEvidence(dir: string, files: readonly EvidenceFile[]): void {
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.path), f.content);
}
