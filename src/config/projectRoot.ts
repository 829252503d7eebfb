import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The file system, as much of it as finding the project root needs. */
export interface RootFileSystem {
  isDirectory(path: string): boolean;
  isFile(path: string): boolean;
  readText(path: string): string | undefined;
}

const stat = (p: string) => {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
};

export const nodeRootFs: RootFileSystem = {
  isDirectory: (p) => stat(p)?.isDirectory() === true,
  isFile: (p) => stat(p)?.isFile() === true,
  readText: (p) => {
    try {
      return readFileSync(p, "utf8");
    } catch {
      return undefined;
    }
  },
};

/** The package name that marks the project's own checkout. */
export const PROJECT_PACKAGE = "emailmate-ops";

/** Why `dir` is the project root, or undefined when it is not. */
export function projectMarker(dir: string, fs: RootFileSystem = nodeRootFs): string | undefined {
  const pkg = fs.isFile(join(dir, "package.json")) ? fs.readText(join(dir, "package.json")) : undefined;
  if (pkg !== undefined) {
    try {
      if ((JSON.parse(pkg) as { name?: unknown }).name === PROJECT_PACKAGE) return `package.json named ${PROJECT_PACKAGE}`;
    } catch {
      // not the project's package.json
    }
  }
  const tenants = fs.isDirectory(join(dir, "tenants"));
  if (tenants && fs.isFile(join(dir, "Pulumi.yaml"))) return "Pulumi.yaml and tenants/";
  if (tenants) return "tenants/";
  return undefined;
}

/**
 * The project root, found as git finds its repository: `start` or the nearest folder above it holding a package.json
 * named emailmate-ops, or Pulumi.yaml with a tenants/ folder. Only when no such folder is above, the nearest folder
 * with a tenants/ folder (a checkout of tenant data) — so a fixtures folder inside the project never passes for it.
 * Undefined outside any project.
 */
export function findProjectRoot(start: string, fs: RootFileSystem = nodeRootFs): string | undefined {
  let nearestData: string | undefined;
  for (let dir = resolve(start); ; ) {
    const marker = projectMarker(dir, fs);
    if (marker !== undefined && marker !== "tenants/") return dir;
    if (marker === "tenants/") nearestData ??= dir;
    const parent = dirname(dir);
    if (parent === dir) return nearestData;
    dir = parent;
  }
}
