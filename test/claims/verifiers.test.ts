import { describe, expect, it } from "vitest";
import { parseSecurityPage } from "../../src/claims/page";
import { runVerifiers, VERIFIERS } from "../../src/claims/verifiers";

const page = parseSecurityPage("page.md", ["## Vendors", "", "- AWS (SES, KMS, CloudWatch)", "- Vercel (hosting, edge, WAF)", ""].join("\n"));
const all = new Set(VERIFIERS.map((v) => v.id));

describe("src/claims/verifiers", () => {
  it("shows the audit and retention promises on the project's own modules", () => {
    const r = runVerifiers(all, { page, resourceTypes: ["aws:kms/key:Key", "vercel:index/project:Project", "emailmate:tenant:Tenant"] });
    expect(Object.fromEntries([...r].map(([id, v]) => [id, v.status]))).toEqual({
      "audit.event-fields": "verified",
      "audit.event-actions": "verified",
      "audit.retention-one-year": "verified",
      "audit.export-paid-plans": "verified",
      "keys.entropy-256": "verified",
      "keys.hash-only": "verified",
      "keys.last4": "verified",
      "keys.scoped-revocable": "verified",
      "vendors.providers-listed": "verified",
      "page.subprocessors-listed": "verified",
    });
    expect(r.get("audit.event-fields")?.detail).toBe("actor, timestamp, ip and userAgent are required by the audit event schema");
  });

  it("fails when the plan uses a provider the page does not list", () => {
    const r = runVerifiers(new Set(["vendors.providers-listed"]), { page, resourceTypes: ["aws:kms/key:Key", "cloudflare:index/record:Record"] });
    expect(r.get("vendors.providers-listed")).toEqual({ status: "failed", detail: "the plan uses providers the page does not list: cloudflare" });
  });

  it("is unverified without a plan, and fails a page without a Vendors section", () => {
    const bare = parseSecurityPage("page.md", "## Encryption\n\nAll good.\n");
    const r = runVerifiers(new Set(["vendors.providers-listed", "page.subprocessors-listed"]), { page: bare });
    expect(r.get("vendors.providers-listed")?.status).toBe("unverified");
    expect(r.get("page.subprocessors-listed")).toEqual({ status: "failed", detail: "the page has no Vendors section" });
  });
});
