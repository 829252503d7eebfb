import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate } from "../../../src/policy/engine/evaluate";
import { parsePreviewJson } from "../../../src/policy/sources/previewJson";
import { parseStackExport } from "../../../src/policy/sources/stackExport";
import { CLOCK } from "../support";

const FIXTURES = join(__dirname, "../../fixtures/policy");
const text = (n: string) => readFileSync(join(FIXTURES, n), "utf8");
const notPass = (records: Parameters<typeof evaluate>[0]) =>
  evaluate(records, { clock: CLOCK })
    .findings.filter((f) => f.status !== "pass" && f.status !== "not-evaluated")
    .map((f) => `${f.status} ${f.policy} ${f.name}`);

describe("src/policy/sources (end to end with every check)", () => {
  it("passes the deployed v3 export", () => {
    expect(notPass(parseStackExport(text("stack-export-v3.json"), "v3").records)).toEqual([]);
  });

  it("finds the never-expiring log group and the non-sensitive secret in the v4 export", () => {
    expect(notPass(parseStackExport(text("stack-export-v4.json"), "v4").records)).toEqual([
      "fail aws-cloudwatch-log-group-configure-retention acme-ses-events-log-group",
      "fail vercel-project-environment-variable-enforce-sensitive platform-vercel-env-CONVEX_DEPLOY_KEY",
    ]);
  });

  it("judges a preview's planned state: the update fails, unknowns are manual", () => {
    expect(notPass(parsePreviewJson(text("preview.json"), "p").records)).toEqual([
      "fail aws-cloudwatch-log-group-configure-retention acme-audit-log-group",
      "manual aws-kms-key-disallow-public-principal beta-key",
      "manual aws-cloudwatch-log-group-enforce-kms beta-audit-log-group",
      "manual emailmate-tenant-enforce-isolation emailmate-ops-dev",
    ]);
  });
});
