import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KeyGeneration } from "./keyGenerations";
import { withKeyReplacement } from "./keyReplacementRecord";
import { validateTenantSources } from "./load";

/** Writes changes to tenant files that the pull-request flow then deploys (incidents that change infrastructure). */
export interface TenantFileWriter {
  /** Appends a key replacement to `tenants/<id>.yaml` unless recorded already; the result must still validate. */
  recordKeyReplacement(tenantId: string, generation: KeyGeneration): { file: string; changed: boolean };
}

/** The writer over a tenants folder on disk: validates the new file (and against its neighbours), then replaces it atomically. */
export function tenantFilesIn(dir: string): TenantFileWriter {
  return {
    recordKeyReplacement(tenantId, generation) {
      const file = join(dir, `${tenantId}.yaml`);
      if (!existsSync(file)) throw new Error(`no tenant file ${file}`);
      const before = readFileSync(file, "utf8");
      const after = withKeyReplacement(before, generation);
      if (after === before) return { file, changed: false };
      const checked = validateTenantSources([{ file, bytes: Buffer.from(after, "utf8") }]);
      if (checked.diagnostics.length > 0) throw new Error(`the changed tenant file would not validate: ${checked.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join("; ")}`);
      const tmp = `${file}.incident-tmp`;
      writeFileSync(tmp, after);
      renameSync(tmp, file);
      return { file, changed: true };
    },
  };
}
