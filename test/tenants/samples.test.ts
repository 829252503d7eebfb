import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/config/diagnostics";
import { loadTenants, tenantFsAt } from "../../src/tenants";

const root = join(__dirname, "..", "..");

describe("tenants/ (the repository's tenant files)", () => {
  const set = loadTenants(["tenants"], tenantFsAt(root));

  it("are all valid, with the rules across files", () => {
    expect(set.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(set.tenants.map((t) => t.id)).toEqual(readdirSync(join(root, "tenants")).filter((f) => f.endsWith(".yaml")).map((f) => f.replace(/\.yaml$/, "")).sort());
  });

  it("has at least three samples on different plans and regions", () => {
    expect(set.tenants.length).toBeGreaterThanOrEqual(3);
    expect(new Set(set.tenants.map((t) => t.plan)).size).toBe(3);
    expect(new Set(set.tenants.map((t) => t.region)).size).toBeGreaterThanOrEqual(3);
  });
});
