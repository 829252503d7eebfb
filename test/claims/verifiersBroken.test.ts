import { describe, expect, it, vi } from "vitest";
import { parseSecurityPage } from "../../src/claims/page";
import { runVerifiers } from "../../src/claims/verifiers";

// A key module with the mistakes the verifiers exist to catch: 16 random bytes, the key kept in the record, the
// last 4 taken from the wrong end, revocation that does not stop a key.
vi.mock("../../src/keys/format", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/keys/format")>();
  return { ...real, generateKey: (env: "live" | "test" = "live", random: (n: number) => Buffer = (n) => Buffer.alloc(n, 7)) => real.generateKey(env, () => Buffer.concat([random(16), Buffer.alloc(16)])) };
});
vi.mock("../../src/keys/record", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/keys/record")>();
  return {
    ...real,
    keyRecord: (key: string, owner: { tenant: string; agent: string; scopes: readonly string[] }, clock: { now(): Date }) => ({ ...real.keyRecord(key, owner as never, clock), last4: key.slice(0, 4), note: key }),
    keyMatches: (key: string, record: { sha256: string }) => real.keyHash(key) === record.sha256,
  };
});

const page = parseSecurityPage("page.md", "## Vendors\n\n- AWS (SES)\n");

describe("src/claims/verifiers against a broken key module", () => {
  it("fails each key promise the module breaks", () => {
    const r = runVerifiers(new Set(["keys.entropy-256", "keys.hash-only", "keys.last4", "keys.scoped-revocable"]), { page });
    expect(Object.fromEntries([...r].map(([id, v]) => [id, v]))).toEqual({
      "keys.entropy-256": { status: "failed", detail: "key generation asks for 16 random bytes" },
      "keys.hash-only": { status: "failed", detail: "the record holds part of the key in note" },
      "keys.last4": { status: "failed", detail: expect.stringMatching(/^the record's last4 emk_ is not the key's last 4 characters$/) },
      "keys.scoped-revocable": { status: "failed", detail: "a revoked record still matches its key" },
    });
  });
});
