import { describe, expect, it } from "vitest";
import { mxMatches, parseMtaStsPolicy } from "../../src/probes/mtaStsPolicy";
import { parseTags } from "../../src/probes/tags";

describe("src/probes/mtaStsPolicy (RFC 8461 §3.2, §4.1)", () => {
  it("parses a policy with several mx lines, CRLF or LF, ignoring unknown keys", () => {
    expect(parseMtaStsPolicy("version: STSv1\r\nmode: enforce\nmx: MX1.example.com\nmx: *.backup.example.com\nmax_age: 86400\nextension: x\n")).toEqual({
      version: "STSv1",
      mode: "enforce",
      mx: ["mx1.example.com", "*.backup.example.com"],
      maxAge: 86400,
      problems: [],
    });
  });

  it("lists every problem", () => {
    expect(parseMtaStsPolicy("version: STSv2\nmode: strict\nmode: enforce\nmax_age: 99999999\nnot a line\n").problems).toEqual([
      "line 3: mode appears twice",
      'line 5: "not a line" is not "key: value"',
      "version: STSv2 (expected STSv1)",
      "mode: strict (expected enforce, testing or none)",
      "max_age: 99999999 (expected seconds from 0 to 31557600)",
      "no mx: line (at least one is required unless mode is none)",
    ]);
    expect(parseMtaStsPolicy("").problems).toEqual(["version is missing (expected STSv1)", "mode is missing (enforce, testing or none)", "max_age is missing", "no mx: line (at least one is required unless mode is none)"]);
  });

  it("a wildcard stands for exactly one leftmost label", () => {
    expect(mxMatches("mx1.example.com.", "mx1.example.com")).toBe(true);
    expect(mxMatches("a.mail.example.com", "*.mail.example.com")).toBe(true);
    expect(mxMatches("a.b.mail.example.com", "*.mail.example.com")).toBe(false);
    expect(mxMatches("mail.example.com", "*.mail.example.com")).toBe(false);
    expect(mxMatches("mx2.example.com", "mx1.example.com")).toBe(false);
  });
});

describe("src/probes/tags parseTags", () => {
  it("reads tags in order, flags a tag given twice and a part without =", () => {
    const r = parseTags(" v=DMARC1 ;p=reject; p=none; junk; ");
    expect([r.first, [...r.tags], r.problems]).toEqual(["v", [["v", "DMARC1"], ["p", "reject"]], ["tag p appears twice", '"junk" is not a tag=value pair']]);
  });
});
