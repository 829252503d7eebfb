import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { usageError } from "../core/errors";
import type { EvidenceFile } from "./bundle";

/** Writes the bundle's files into `dir` (created if needed); other files in `dir` are left alone. */
export function writeEvidence(dir: string, files: readonly EvidenceFile[]): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw usageError("E_OUT_NOT_FOLDER", `${dir} is a file; expected a folder for the evidence bundle`);
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.path), f.content);
}
