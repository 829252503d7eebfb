import { describe, expect, it } from "vitest";
import { isNode, LineCounter, parseDocument, stringify } from "yaml";
import { parseTenant } from "../../src/tenants";
import { withValue } from "../support/shapes";

/** A tenant with every field present, so every field can be given a value of the wrong shape. */
const FULL = {
  id: "acme",
  name: "Acme Corp",
  plan: "pro",
  region: "eu-west-1",
  contacts: { security: "security@acme.example", dpo: "dpo@acme.example" },
  sending: {
    domains: ["mail.acme.example"],
    tlsPolicy: "REQUIRE",
    suppressedReasons: ["BOUNCE"],
    trackingDomain: "click.mail.acme.example",
  },
  audit: { retentionDays: 365 },
  keys: [{ agent: "billing-bot", scopes: ["send"] }],
};

type Kind = "mapping" | "list" | "string" | "number";
/** Every field of the tenant file and the shape it takes. */
const FIELDS: readonly [string, Kind][] = [
  ["", "mapping"],
  ["id", "string"],
  ["name", "string"],
  ["plan", "string"],
  ["region", "string"],
  ["contacts", "mapping"],
  ["contacts.security", "string"],
  ["contacts.dpo", "string"],
  ["sending", "mapping"],
  ["sending.domains", "list"],
  ["sending.domains.0", "string"],
  ["sending.tlsPolicy", "string"],
  ["sending.suppressedReasons", "list"],
  ["sending.suppressedReasons.0", "string"],
  ["sending.trackingDomain", "string"],
  ["audit", "mapping"],
  ["audit.retentionDays", "number"],
  ["keys", "list"],
  ["keys.0", "mapping"],
  ["keys.0.agent", "string"],
  ["keys.0.scopes", "list"],
  ["keys.0.scopes.0", "string"],
];
const WRONG: Readonly<Record<string, { kind: Kind | "boolean" | "null"; value: unknown; reads: string }>> = {
  mapping: { kind: "mapping", value: { a: 1 }, reads: "a mapping" },
  list: { kind: "list", value: ["send"], reads: "a list" },
  string: { kind: "string", value: "send", reads: 'the string "send"' },
  number: { kind: "number", value: 7, reads: "the number 7" },
  boolean: { kind: "boolean", value: true, reads: "the boolean true" },
  null: { kind: "null", value: null, reads: "null" },
};
const EXPECTED_WORD: Record<Kind, string> = { mapping: "a mapping", list: "a list", string: "a string", number: "a number" };

const segments = (path: string): (string | number)[] => (path === "" ? [] : path.split(".").map((s) => (/^\d+$/.test(s) ? Number(s) : s)));

/** Line and column of the value at `path`, read with the yaml library's own node ranges. */
function positionOf(text: string, path: readonly (string | number)[]): { line: number; col: number } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isNode(node) || node.range === undefined || node.range === null) throw new Error(`no node at ${path.join(".")}`);
  return lines.linePos(node.range[0]);
}

const cases = FIELDS.flatMap(([field, kind]) => Object.values(WRONG).filter((w) => w.kind !== kind).map((w) => ({ field, kind, wrong: w })));

describe("tenants/schema every field given a value of the wrong shape", () => {
  it("accepts the full tenant the cases start from", () => {
    expect(parseTenant("tenants/acme.yaml", Buffer.from(stringify(FULL))).diagnostics).toEqual([]);
  });

  it.each(cases.map((c) => [c.field || "(document)", c.wrong.kind, c] as const))("%s as %s is located and says what was expected", (_f, _k, c) => {
    const path = segments(c.field);
    const text = stringify(withValue(FULL, path, c.wrong.value));
    // Must not throw (a crash is exit 70 in the CLI).
    const parsed = parseTenant("tenants/acme.yaml", Buffer.from(text));
    const at = positionOf(text, path);
    const mine = parsed.diagnostics.filter((d) => d.path === c.field || (c.field === "" && d.code === "E_EMPTY_FILE"));
    expect(mine.length, JSON.stringify(parsed.diagnostics)).toBeGreaterThan(0);
    const d = mine[0]!;
    expect({ line: d.line, col: d.col }).toEqual(at);
    if (c.field === "" && c.wrong.value === null) {
      expect(d.code).toBe("E_EMPTY_FILE");
      return;
    }
    expect(["E_TYPE", "E_VALUE"]).toContain(d.code);
    expect(d.message).toMatch(/^expected /);
    // The value is told once, and for a wrong type, what was expected instead.
    expect(d.message.split(c.wrong.reads).length - 1, d.message).toBe(1);
    if (d.code === "E_TYPE") expect(d.message).toContain(c.field.startsWith("contacts.") ? "expected an email address" : EXPECTED_WORD[c.kind]);
    expect(parsed.tenant).toBeUndefined();
  });
});
