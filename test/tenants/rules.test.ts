import { describe, expect, it } from "vitest";
import { trackingDomainVerifiedBeforeUse, type TenantClaims } from "../../src/tenants";

const claims = (sending: string[], tracking?: string): TenantClaims => ({
  id: "acme",
  domains: [...sending.map((domain, i) => ({ domain, path: `sending.domains.${i}` })), ...(tracking ? [{ domain: tracking, path: "sending.trackingDomain" }] : [])],
});
const at = new Map([["sending.trackingDomain", { line: 9, col: 19 }]]);
const rule = (now: TenantClaims, base: TenantClaims | undefined) => trackingDomainVerifiedBeforeUse("tenants/acme.yaml", now, at, base).map((d) => `${d.line}:${d.col} ${d.path}`);

describe("tenants/rules trackingDomainVerifiedBeforeUse", () => {
  it("accepts a tracking domain unchanged since the base, or none", () => {
    expect(rule(claims(["mail.acme.example"], "click.mail.acme.example"), claims(["mail.acme.example"], "click.mail.acme.example"))).toEqual([]);
    expect(rule(claims(["mail.acme.example"]), undefined)).toEqual([]);
  });

  it("accepts a new tracking domain under a sending domain the base already had", () => {
    expect(rule(claims(["mail.acme.example", "new.acme.example"], "click.mail.acme.example"), claims(["mail.acme.example"]))).toEqual([]);
  });

  it("refuses a new tracking domain covered only by a sending domain new in the pull request, at the tracking domain", () => {
    expect(rule(claims(["mail.acme.example", "new.acme.example"], "click.new.acme.example"), claims(["mail.acme.example"]))).toEqual(["9:19 sending.trackingDomain"]);
    expect(rule(claims(["mail.acme.example"], "click.mail.acme.example"), undefined)).toEqual(["9:19 sending.trackingDomain"]);
  });

  it("leaves a tracking domain no sending domain covers to the schema's rule", () => {
    expect(rule(claims(["mail.acme.example"], "click.acme.example"), undefined)).toEqual([]);
  });
});
