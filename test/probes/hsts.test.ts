import { describe, expect, it } from "vitest";
import { parseHsts } from "../../src/probes/hsts";

describe("src/probes/hsts parseHsts (RFC 6797 §6.1)", () => {
  it("reads max-age, includeSubDomains and preload, names case-insensitive, in any order", () => {
    expect(parseHsts("max-age=63072000; includeSubDomains; preload")).toEqual({ ok: true, maxAge: 63072000, includeSubDomains: true, preload: true });
    expect(parseHsts(' PRELOAD ;INCLUDESUBDOMAINS; Max-Age="31536000" ')).toEqual({ ok: true, maxAge: 31536000, includeSubDomains: true, preload: true });
    expect(parseHsts("max-age=0")).toEqual({ ok: true, maxAge: 0, includeSubDomains: false, preload: false });
  });

  it("allows empty directives and ignores unknown ones", () => {
    expect(parseHsts(";; max-age=10;;foo=bar; baz=\"a;b\";")).toEqual({ ok: true, maxAge: 10, includeSubDomains: false, preload: false });
  });

  it.each([
    ["includeSubDomains; preload", "max-age is missing (it is required)"],
    ["max-age=abc", 'max-age must be a number of seconds, got "abc"'],
    ["max-age=-1", 'max-age must be a number of seconds, got "-1"'],
    ["max-age", "max-age must be a number of seconds, got no value"],
    ["max-age=1; max-age=2", "directive max-age appears twice (each directive must appear only once)"],
    ["max-age=1; preload; Preload", "directive Preload appears twice (each directive must appear only once)"],
    ["max-age=1, max-age=2", 'the value of max-age is neither a token nor a quoted string'],
    ['max-age="1', "a quoted string is not closed"],
    ["max age=1", '"max age" is not a directive name'],
    ["max-age=1; includeSubDomains=yes", "includeSubDomains takes no value"],
    ["max-age=1; preload=1", "preload takes no value"],
  ])("refuses %j: %s", (value, reason) => {
    expect(parseHsts(value)).toEqual({ ok: false, reason });
  });
});
