import { describe, expect, it } from "vitest";
import { prettyJson } from "../../src/evidence/jsonStream";

const values: [string, unknown][] = [
  ["a scalar", 42],
  ["a string with a newline", "a\nb"],
  ["null", null],
  ["undefined (JSON.stringify gives none; the stream gives null)", undefined],
  ["an empty array and object", { a: [], b: {} }],
  ["undefined and function members", { a: undefined, b: () => 1, c: [undefined, () => 2, 3] }],
  ["a Date (toJSON)", { at: new Date(Date.UTC(2026, 0, 2)) }],
  ["nested deeper than depth", { source: { kind: "plan" }, findings: [{ policy: "p", controls: ["CC6.1", "CC7.2"], nested: { x: [1, { y: "z" }] } }] }],
  ["an object with toJSON inside depth", { a: { toJSON: () => ({ replaced: true }) } }],
];

describe("prettyJson", () => {
  for (const depth of [0, 1, 2, 3]) {
    for (const [name, value] of values) {
      it(`gives JSON.stringify(value, null, 2) byte for byte: ${name}, depth ${depth}`, () => {
        expect([...prettyJson(value, depth)].join("")).toBe(JSON.stringify(value, null, 2) ?? "null");
      });
    }
  }

  it("streams a large array in bounded chunks, never the whole text at once", () => {
    const findings = Array.from({ length: 20_000 }, (_, i) => ({ policy: `check-${i % 14}`, urn: `urn:pulumi:dev::p::t::r-${i}`, controls: ["CC6.1"] }));
    const value = { summary: { n: findings.length }, findings };
    const chunks = [...prettyJson(value)];
    const text = chunks.join("");
    expect(text === JSON.stringify(value, null, 2)).toBe(true);
    expect(chunks.length).toBeGreaterThan(10);
    // a chunk is cut once it passes 64 Ki characters, so it is at most that plus one finding
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan((1 << 16) + 200);
  });

  it("one-line leaves: the same value, each value below the depth on a line of its own", () => {
    const value = { source: { kind: "plan" }, summary: { pass: 2 }, findings: [{ policy: "p", controls: ["CC6.1"], message: "a\nb" }, { policy: "q", controls: [] }] };
    const text = [...prettyJson(value, 2, "one-line")].join("");
    expect(JSON.parse(text)).toEqual(value);
    expect(text.split("\n")).toEqual([
      "{",
      '  "source": {',
      '    "kind": "plan"',
      "  },",
      '  "summary": {',
      '    "pass": 2',
      "  },",
      '  "findings": [',
      '    {"policy":"p","controls":["CC6.1"],"message":"a\\nb"},',
      '    {"policy":"q","controls":[]}',
      "  ]",
      "}",
    ]);
  });
});
