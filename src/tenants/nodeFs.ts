import { readdirSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { TenantFileSystem } from "./load";

/** The real file system, with relative paths taken from `cwd` (file names stay as the user gave them). */
export function tenantFsAt(cwd: string): TenantFileSystem {
  const at = (p: string) => resolve(cwd, p);
  return {
    isDirectory: (p) => statSync(at(p)).isDirectory(),
    list: (d) => readdirSync(at(d)),
    size: (p) => statSync(at(p)).size,
    read: (p) => readFileSync(at(p)),
  };
}
