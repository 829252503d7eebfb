import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePreviewJson } from "../../../src/policy/sources/previewJson";
import { MASKED_SECRET, UNKNOWN } from "../../../src/policy/values";

const src = parsePreviewJson(readFileSync(join(__dirname, "../../fixtures/policy/preview.json"), "utf8"), "preview.json");
const byName = (name: string) => src.records.find((r) => r.name === name);

describe("src/policy/sources/previewJson", () => {
  it("takes the new state of every step except deletions, without the stack and providers", () => {
    expect([src.kind, src.stack, src.records.length, byName("legacy-alerts")]).toEqual(["preview", "dev", 18, undefined]);
  });

  it("uses the planned new state of an update", () => {
    expect(byName("acme-audit-log-group")?.props.retentionInDays).toBe(180);
  });

  it("keeps unknown values as Pulumi's placeholder", () => {
    expect([byName("beta-audit-log-group")?.props.kmsKeyId, byName("beta-key")?.outputs?.arn]).toEqual([UNKNOWN, UNKNOWN]);
  });

  it("keeps [secret] for secret values", () => {
    expect(byName("platform-vercel-env-CONVEX_DEPLOY_KEY")?.props.value).toBe(MASKED_SECRET);
  });

  it("finds the tenant of resources being created", () => {
    expect([byName("beta-key")?.tenant, byName("beta-key")?.parent]).toEqual(["beta", "urn:pulumi:dev::emailmate-ops::emailmate:tenant:Tenant::beta"]);
  });

  it("refuses a step without an op", () => {
    expect(() => parsePreviewJson(JSON.stringify({ steps: [{ urn: "u" }] }), "p.json")).toThrow("p.json: steps[0].op: expected a string");
  });

  it("reads an empty preview (no changes, no steps) as no resources", () => {
    expect(parsePreviewJson("{}", "p.json").records).toEqual([]);
  });
});
