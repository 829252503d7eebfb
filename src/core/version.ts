import { readFileSync } from "node:fs";
import { join } from "node:path";

let cached: string | undefined;

/** The tool version from package.json, read once (no JSON import, so start-up stays small). */
export function toolVersion(): string {
  if (cached === undefined) {
    const root = findPackageRoot();
    cached = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
  }
  return cached;
}

/** The repository root: the nearest folder above this module with our package.json (works from src/ and dist/). */
export function findPackageRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string };
      if (pkg.name === "emailmate-ops") return dir;
    } catch {
      // keep walking up
    }
    const parent = join(dir, "..");
    if (parent === dir) throw new Error("emailmate-ops package.json not found above " + start);
    dir = parent;
  }
}
