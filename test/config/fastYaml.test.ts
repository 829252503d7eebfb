import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSimpleYaml } from "../../src/config/fastYaml";
import { parseFullYaml, type PathSegment } from "../../src/config/yamlFile";
import { seededRandom } from "../support/random";

const ROOT = join(__dirname, "../..");

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return n.endsWith(".yaml") || n.endsWith(".yml") ? [p] : [];
  });
}

/** Every path to a node of a plain value, plus paths that leave it (a missing key, an index past the end). */
function pathsOf(value: unknown, prefix: PathSegment[] = []): PathSegment[][] {
  const out: PathSegment[][] = [prefix, [...prefix, "nope"], [...prefix, 99]];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

/** The fast path accepts `text` or not; when it does, it must agree with the full parser on the value and every position. */
function agrees(text: string): boolean {
  const fast = parseSimpleYaml(text);
  if (fast === undefined) return false;
  const full = parseFullYaml("f.yaml", text);
  expect(full.ok, text).toBe(true);
  if (!full.ok) return false;
  expect(fast.value, text).toEqual(full.parsed.value);
  for (const path of pathsOf(full.parsed.value)) {
    expect(fast.locator.at(path), `${text}\n@${path.join(".")}`).toEqual(full.parsed.locator.at(path));
    expect(fast.locator.at(path, { key: true }), `${text}\n@${path.join(".")} (key)`).toEqual(full.parsed.locator.at(path, { key: true }));
  }
  return true;
}

const TENANTS = yamlFiles(join(ROOT, "tenants")).map((f) => readFileSync(f, "utf8"));

describe("config/fastYaml parseSimpleYaml", () => {
  it("reads the sample tenant and stack files, exactly as the full parser does", () => {
    expect(TENANTS.map(agrees)).toEqual(TENANTS.map(() => true));
    for (const f of ["Pulumi.dev.yaml", "Pulumi.prod.yaml"]) expect(agrees(readFileSync(join(ROOT, f), "utf8"))).toBe(true);
  });

  it("agrees with the full parser on every project and fixture YAML file it accepts", () => {
    const files = [...yamlFiles(join(ROOT, "test/fixtures")), ...yamlFiles(join(ROOT, "runbooks")), ...yamlFiles(join(ROOT, "policies"))];
    const accepted = files.filter((f) => agrees(readFileSync(f, "utf8")));
    expect(accepted.length).toBeGreaterThan(0);
  });

  it("agrees with the full parser on thousands of random edits of the sample tenants", () => {
    const rand = seededRandom(12);
    const pieces = [":", ": ", "-", "- ", " ", "  ", "#", " #", '"', "'", "[", "]", ",", "\n", "&a", "*a", "!", "|", ">", "0", "07", "1.5", "null", "true", "~", "x", "\t", "__proto__: 1\n", "key:\n", "  - y\n"];
    let accepted = 0;
    for (let n = 0; n < 4000; n++) {
      let text = TENANTS[n % TENANTS.length]!;
      for (let edits = 1 + Math.floor(rand() * 3); edits > 0; edits--) {
        const at = Math.floor(rand() * text.length);
        const r = rand();
        if (r < 0.45) text = text.slice(0, at) + pieces[Math.floor(rand() * pieces.length)] + text.slice(at);
        else if (r < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 3));
        else {
          const lines = text.split("\n");
          const i = Math.floor(rand() * lines.length);
          lines.splice(i, 0, lines[Math.floor(rand() * lines.length)]!);
          text = lines.join("\n");
        }
      }
      if (agrees(text)) accepted++;
    }
    // The edits must leave enough documents the fast path accepts for the comparison to mean something.
    expect(accepted).toBeGreaterThan(400);
  });

  it("reads sequences of mappings, compact sequences, quoted and numeric scalars and comments", () => {
    const text = [
      "# a comment",
      "id: acme   # trailing",
      "n: 365",
      "t: true",
      "f: FALSE",
      'quoted: "a #b: c"',
      "single: 'x y'",
      "list: [a, b.c, d-e]",
      "empty: []",
      "compact:",
      "- one",
      "- two",
      "keys:",
      "  - agent: billing-bot",
      "    scopes: [send, events:read]",
      "  -   agent: x",
      "      scopes:",
      "        - send",
      "nested:",
      "  deeper:",
      "    deepest: Acme, Inc.",
      "",
    ].join("\n");
    expect(agrees(text)).toBe(true);
  });

  it.each([
    ["an anchor and alias", "a: &x b\nc: *x\n"],
    ["a null value", "a:\nb: c\n"],
    ["a tagged boolean", "a: !!bool true\n"],
    ["a float", "a: 1.5\n"],
    ["a leading-zero number", "a: 0123\n"],
    ["a tab", "a:\tb\n"],
    ["a duplicate key", "a: b\na: c\n"],
    ["a forbidden key", "__proto__: b\n"],
    ["a multi-line plain scalar", "a: b\n  c\n"],
    ["a document marker", "---\na: b\n"],
    ["a tag", "a: !!str b\n"],
    ["a block scalar", "a: |\n  b\n"],
    ["a flow mapping", "a: {b: c}\n"],
    ["a colon and space in a plain scalar", "a: b: c\n"],
    ["a URL", "a: https://x.example\n"],
    ["an escape in a quoted scalar", 'a: "b\\n"\n'],
    ["a top-level list", "- a\n"],
    ["odd indentation", "a:\n  b: c\n   d: e\n"],
  ])("leaves %s to the full parser", (_what, text) => {
    expect(parseSimpleYaml(text)).toBeUndefined();
  });
});
