import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_CHECKS } from "../../../src/policy/checks";
import { SOC2_CONTROLS } from "../../../src/policy/frameworks/soc2";
import { packPolicies } from "../../../policies/pack";

const ROOT = join(__dirname, "../../../src/policy/checks");
const VERBS = ["missing", "disallow", "enable", "disable", "configure", "enforce"];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") && p !== join(ROOT, "index.ts") ? [p] : [];
  });
}

const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
/** `aws/kms/keyEnableKeyRotation.ts` → `aws-kms-key-enable-key-rotation`. */
const idFromPath = (rel: string) => rel.replace(/\.ts$/, "").split("/").map(kebab).join("-");

const checkFiles = files(ROOT).map((p) => ({ path: p, rel: relative(ROOT, p) }));

describe("src/policy/checks (meta)", () => {
  it("finds the check files", () => {
    expect(checkFiles.length).toBe(14);
  });

  it.each(checkFiles)("$rel exports one check named after the file, whose id is its path", async ({ path, rel }) => {
    const mod = (await import(path)) as Record<string, unknown>;
    const stem = rel.split("/").pop()!.replace(/\.ts$/, "");
    const check = mod[stem] as { id?: string } | undefined;
    expect(check?.id).toBe(idFromPath(rel));
  });

  it("registers every check file in ALL_CHECKS, once", () => {
    const ids = ALL_CHECKS.map((c) => c.id);
    expect([...ids].sort()).toEqual(checkFiles.map((f) => idFromPath(f.rel)).sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("maps every check to at least one SOC 2 control of the framework", () => {
    const unmapped = ALL_CHECKS.filter((c) => c.controls.length === 0 || c.controls.some((x) => !(SOC2_CONTROLS as readonly string[]).includes(x)));
    expect(unmapped.map((c) => c.id)).toEqual([]);
  });

  it("names every check with a verb from the closed list", () => {
    const bad = ALL_CHECKS.filter((c) => !VERBS.some((v) => c.id.split("-").includes(v)));
    expect(bad.map((c) => c.id)).toEqual([]);
  });

  it("gives every check a description, a remediation and a severity", () => {
    const bad = ALL_CHECKS.filter((c) => c.description.length < 20 || c.remediation.length < 20 || c.severity === undefined);
    expect(bad.map((c) => c.id)).toEqual([]);
  });

  it("puts every check in the policy pack", () => {
    expect(packPolicies().map((p) => p.name)).toEqual(ALL_CHECKS.map((c) => c.id));
  });
});
