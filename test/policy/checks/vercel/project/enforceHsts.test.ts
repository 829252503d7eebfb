import { describe, expect, it } from "vitest";
import { enforceHsts as check, parseHsts } from "../../../../../src/policy/checks/vercel/project/enforceHsts";
import { vercelRecords } from "../../../fixtures";
import { record, run } from "../../../support";

const PROJECT_URN = "urn:pulumi:dev::emailmate-ops::emailmate:platform:Platform$vercel:index/project:Project::platform-vercel-project";

describe("src/policy/checks/vercel/project/enforceHsts", () => {
  it("passes two years with includeSubDomains and preload on all paths", () => {
    expect(run(check, vercelRecords())).toMatchObject({ status: "pass", messages: [] });
  });

  it("fails a project without an HSTS header", () => {
    const out = run(check, vercelRecords(null));
    expect(out.messages).toEqual(["project emailmate declares no Strict-Transport-Security header; expected max-age ≥ 31536000 with includeSubDomains on all paths."]);
    expect(out.evaluation.findings[0]?.urn).toBe(PROJECT_URN);
  });

  it("fails a max-age under one year", () => {
    expect(run(check, vercelRecords("max-age=86400; includeSubDomains")).messages).toEqual([
      'project emailmate Strict-Transport-Security "max-age=86400; includeSubDomains" is too weak: max-age 86400 (expected ≥ 31536000).',
    ]);
  });

  it("fails a header without includeSubDomains", () => {
    expect(run(check, vercelRecords("max-age=63072000")).messages).toEqual(['project emailmate Strict-Transport-Security "max-age=63072000" is too weak: no includeSubDomains.']);
  });

  it("fails a header on some paths only", () => {
    expect(run(check, vercelRecords("max-age=63072000; includeSubDomains", "/app/(.*)")).messages).toEqual([
      'project emailmate Strict-Transport-Security "max-age=63072000; includeSubDomains" is too weak: route src "/app/(.*)" (expected all paths, "/(.*)").',
    ]);
  });

  it("does not apply without a Vercel project", () => {
    expect(run(check, [record("aws:kms/key:Key", "k", {})])).toMatchObject({ status: "not-applicable", messages: ["no Vercel project in the stack"] });
  });

  it("parses directives case-insensitively", () => {
    expect(parseHsts('Max-Age="31536000"; INCLUDESUBDOMAINS')).toEqual({ maxAge: 31536000, includeSubDomains: true });
  });
});
