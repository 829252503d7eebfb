import { describe, expect, it } from "vitest";
import { exportableTenant, parseInstant } from "../../src/audit/policy";
import { OpsError } from "../../src/core/errors";
import type { Tenant } from "../../src/tenants";

const tenant = (id: string, plan: "free" | "pro" | "enterprise") => ({ id, plan, file: `tenants/${id}.yaml` }) as unknown as Tenant;
const tenants = [tenant("acme", "pro"), tenant("globex", "enterprise"), tenant("initech", "free")];

function thrown(fn: () => unknown): OpsError {
  try {
    fn();
  } catch (err) {
    return err as OpsError;
  }
  throw new Error("did not throw");
}

describe("src/audit/policy", () => {
  it("lets pro and enterprise tenants export", () => {
    expect(exportableTenant(tenants, "acme").id).toBe("acme");
    expect(exportableTenant(tenants, "globex").id).toBe("globex");
  });

  it("refuses a free-plan tenant with exit 2", () => {
    const err = thrown(() => exportableTenant(tenants, "initech"));
    expect([err.code, err.exitCode, err.message, err.hint]).toEqual([
      "E_EXPORT_PLAN",
      2,
      "tenant initech is on the free plan: audit-log exports are for paid plans (pro, enterprise)",
      "upgrade the plan in tenants/initech.yaml first",
    ]);
  });

  it("names the known tenants for an unknown id", () => {
    expect(thrown(() => exportableTenant(tenants, "umbrella")).message).toBe('unknown tenant "umbrella" (known: acme, globex, initech)');
  });

  it("parses dates and date-times as UTC unless an offset is given", () => {
    expect(parseInstant("--from", "2026-11-01").toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(parseInstant("--from", "2026-11-01T10:30").toISOString()).toBe("2026-11-01T10:30:00.000Z");
    expect(parseInstant("--from", "2026-11-01T10:30:00+02:00").toISOString()).toBe("2026-11-01T08:30:00.000Z");
  });

  it("refuses a day that is not in its month (February 30) with exit 2", () => {
    const err = thrown(() => parseInstant("--from", "2026-02-30"));
    expect([err.exitCode, err.message]).toEqual([2, '--from expects an ISO 8601 date or date-time such as 2026-11-01 or 2026-11-01T00:00:00Z, got "2026-02-30"']);
  });

  it("refuses anything else with exit 2", () => {
    const err = thrown(() => parseInstant("--to", "yesterday"));
    expect([err.exitCode, err.message]).toEqual([2, '--to expects an ISO 8601 date or date-time such as 2026-11-01 or 2026-11-01T00:00:00Z, got "yesterday"']);
  });
});
