import { describe, expect, it } from "vitest";
import { judgeSecurityTxt } from "../../src/probes/securityTxt";

const NOW = new Date("2026-12-03T00:00:00Z");

describe("src/probes/securityTxt judgeSecurityTxt (RFC 9116)", () => {
  it("accepts Contact and a future Expires, with comments, CRLF and case-insensitive names", () => {
    const v = judgeSecurityTxt("# hi\r\ncontact: mailto:security@emailmate.dev\r\nContact: https://emailmate.dev/security\r\nEXPIRES: 2027-06-01T00:00:00Z\r\n", NOW);
    expect(v).toEqual({ valid: true, problems: [], notes: [], contacts: ["mailto:security@emailmate.dev", "https://emailmate.dev/security"], expires: "2027-06-01T00:00:00Z" });
  });

  it("notes an Expires more than a year ahead without failing", () => {
    const v = judgeSecurityTxt("Contact: mailto:a@b.example\nExpires: 2028-06-01T00:00:00+02:00\n", NOW);
    expect([v.valid, v.notes]).toEqual([true, ["Expires: 2028-06-01T00:00:00+02:00 is more than a year ahead (RFC 9116 recommends less)"]]);
  });

  it("reads the signed content of a PGP cleartext-signed file", () => {
    const body = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nContact: mailto:a@b.example\nExpires: 2027-01-01T00:00:00Z\n- -dash escaped comment\n-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n";
    expect(judgeSecurityTxt(body, NOW).problems).toEqual(['line 3: "-dash escaped comment" is neither a field (Name: value) nor a comment']);
  });

  it.each([
    ["Expires: 2027-01-01T00:00:00Z\n", ["Contact is missing (required)"]],
    ["Contact: mailto:a@b.example\n", ["Expires is missing (required)"]],
    ["Contact: mailto:a@b.example\nExpires: 2026-12-02T23:59:59Z\n", ["Expires: 2026-12-02T23:59:59Z is in the past: the file is stale"]],
    ["Contact: mailto:a@b.example\nExpires: 2027-01-01\n", ['Expires: "2027-01-01" is not an RFC 3339 date-time such as 2027-01-31T23:59:59Z']],
    ["Contact: mailto:a@b.example\nExpires: 2027-02-30T00:00:00Z\n", ['Expires: "2027-02-30T00:00:00Z" is not an RFC 3339 date-time such as 2027-01-31T23:59:59Z']],
    ["Contact: mailto:a@b.example\nExpires: 2027-01-01T00:00:00Z\nexpires: 2027-02-01T00:00:00Z\n", ["Expires appears 2 times (lines 2, 3); it must appear exactly once"]],
    ["Contact: http://emailmate.dev/security\nExpires: 2027-01-01T00:00:00Z\n", ["Contact: http://emailmate.dev/security uses http; web URIs must use https"]],
    ["Contact: security@emailmate.dev\nExpires: 2027-01-01T00:00:00Z\n", ['Contact: "security@emailmate.dev" is not a URI']],
    ["Contact: mailto:a@b.example\nExpires: 2027-01-01T00:00:00Z\nPreferred-Languages: en\nPreferred-Languages: de\n", ["Preferred-Languages appears more than once (at most once)"]],
    ["Contact: mailto:a@b.example\nExpires: 2027-01-01T00:00:00Z\nPolicy: ftp://x.example/p\n", ["Policy: ftp://x.example/p: expected a https URI"]],
    ["<html>\nContact: mailto:a@b.example\nExpires: 2027-01-01T00:00:00Z\n", ['line 1: "<html>" is neither a field (Name: value) nor a comment']],
  ])("refuses %j", (body, problems) => {
    const v = judgeSecurityTxt(body, NOW);
    expect([v.valid, v.problems]).toEqual([false, problems]);
  });
});
