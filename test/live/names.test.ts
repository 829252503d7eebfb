import { describe, expect, it } from "vitest";
import { PROJECT_SCOPE, tenantOf } from "../../src/live/names";

describe("src/live/names", () => {
  it("reads the tenant back from the names src/tenants/names.ts builds", () => {
    expect([
      tenantOf.logGroup("/emailmate/tenants/acme/audit"),
      tenantOf.topic("emailmate-tenant-big-co-alerts"),
      tenantOf.configurationSet("tenant-globex"),
      tenantOf.alias("alias/emailmate/tenant/initech"),
    ]).toEqual(["acme", "big-co", "globex", "initech"]);
  });

  it("attributes nothing to platform or foreign names, or ids the schema refuses", () => {
    expect([
      tenantOf.logGroup("/emailmate/platform/audit"),
      tenantOf.logGroup("/emailmate/tenants/acme/other"),
      tenantOf.logGroup("/emailmate/tenants/../audit"),
      tenantOf.topic("emailmate-alerts"),
      tenantOf.configurationSet("tenant-A"),
      tenantOf.alias("alias/emailmate/platform"),
    ]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it("scopes the collectors to the project's name prefixes and tags", () => {
    expect([PROJECT_SCOPE.aliasPrefix, PROJECT_SCOPE.logGroupPrefix, PROJECT_SCOPE.topicPrefix]).toEqual(["alias/emailmate/", "/emailmate/", "emailmate-"]);
    expect([PROJECT_SCOPE.owns({ "managed-by": "emailmate-ops" }), PROJECT_SCOPE.owns({ tenant: "acme" }), PROJECT_SCOPE.owns({ team: "x" })]).toEqual([true, true, false]);
  });
});
