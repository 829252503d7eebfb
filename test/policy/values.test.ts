import { describe, expect, it } from "vitest";
import { checkingProxy, hasSpecialValues, isSecretish, MASKED_SECRET, readable, secret, UNKNOWN, UnknownValueError } from "../../src/policy/values";

describe("src/policy/values", () => {
  it("reads known values through the proxy unchanged", () => {
    const p = checkingProxy({ a: { b: [1, 2] }, c: "x" });
    expect([p.a.b.length, p.a.b.map((n) => n * 2), p.c, Array.isArray(p.a.b), Object.keys(p)]).toEqual([2, [2, 4], "x", true, ["a", "c"]]);
  });

  it("throws UnknownValueError with the path for an unknown", () => {
    const p = checkingProxy({ a: [{ b: UNKNOWN }] });
    expect(() => p.a[0]!.b).toThrow(new UnknownValueError(["a", "0", "b"], "unknown"));
  });

  it("throws for a masked secret", () => {
    const p = checkingProxy({ s: MASKED_SECRET });
    expect(() => p.s).toThrow("value at .s is a secret that cannot be decrypted here; check it where the stack's secrets provider is available");
  });

  it("reads a known secret as its plaintext", () => {
    const p = checkingProxy<Record<string, { inner: string }>>({ s: secret({ inner: "v" }) as never });
    expect(p.s!.inner).toBe("v");
  });

  it("marks both secret forms as secret", () => {
    expect([isSecretish(MASKED_SECRET), isSecretish(secret(1)), isSecretish("plain")]).toEqual([true, true, false]);
  });

  it("finds special values at any depth", () => {
    expect([hasSpecialValues({ a: [{ b: 1 }] }), hasSpecialValues({ a: [{ b: UNKNOWN }] }), hasSpecialValues({ a: { s: secret("x") } }), hasSpecialValues({ t: MASKED_SECRET })]).toEqual([
      false,
      true,
      true,
      true,
    ]);
  });

  it("hands plain props to checks as they are, and props with special values through the proxy", () => {
    const plain = { a: 1 };
    const special = { a: UNKNOWN };
    expect([readable(plain) === plain, readable(special) === special]).toEqual([true, false]);
    expect(() => readable(special).a).toThrow(UnknownValueError);
  });
});
