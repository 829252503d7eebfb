import { describe, expect, it } from "vitest";
import { decodeUtf8, MAX_FILE_BYTES, parseYamlText } from "../../src/config/yamlFile";

function problems(text: string) {
  const r = parseYamlText("f.yaml", text);
  if (r.ok) throw new Error("expected problems");
  return r.diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.path}: ${d.message}`);
}

describe("config/yamlFile parseYamlText", () => {
  it("returns the plain value and locates fields by path", () => {
    const r = parseYamlText("f.yaml", "a: 1\nb:\n  - x\n  - {c: 2}\n");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.parsed.value).toEqual({ a: 1, b: ["x", { c: 2 }] });
    expect(r.parsed.locator.at(["b", 1, "c"])).toEqual({ line: 4, col: 9 });
    expect(r.parsed.locator.at(["b", 1, "c"], { key: true })).toEqual({ line: 4, col: 6 });
    expect(r.parsed.locator.at(["b", 7])).toEqual({ line: 3, col: 3 });
  });

  it("locates syntax errors", () => {
    expect(problems("a: [1, 2\nb: 3\n")).toEqual(["2:1 E_YAML_SYNTAX : Flow sequence in block collection must be sufficiently indented and end with a ]"]);
  });

  it("reports every duplicate key with its path", () => {
    expect(problems("id: x\nsending:\n  domains: []\n  domains: [b]\nid: y\n")).toEqual([
      '4:3 E_DUPLICATE_KEY sending.domains: duplicate key "domains"; expected each key once per mapping',
      '5:1 E_DUPLICATE_KEY id: duplicate key "id"; expected each key once per mapping',
    ]);
  });

  it("refuses __proto__, constructor and prototype keys anywhere", () => {
    expect(problems("__proto__: {a: 1}\nb:\n  - constructor: 1\n  - prototype: 2\n")).toEqual([
      '1:1 E_FORBIDDEN_KEY __proto__: key "__proto__" is not allowed',
      '3:5 E_FORBIDDEN_KEY b.0.constructor: key "constructor" is not allowed',
      '4:5 E_FORBIDDEN_KEY b.1.prototype: key "prototype" is not allowed',
    ]);
  });

  it("bounds alias expansion (billion laughs) and points at the first alias", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const name = String.fromCharCode(97 + i);
      const prev = String.fromCharCode(96 + i);
      lines.push(`${name}: &${name} [${Array(10).fill("*" + prev).join(", ")}]`);
    }
    const started = process.hrtime.bigint();
    expect(problems(lines.join("\n") + "\n")).toEqual(["2:8 E_ALIAS_LIMIT : aliases expand too far (more than 100 uses); expected a plain document"]);
    // 10^9 expanded nodes would take minutes and gigabytes; bounded work returns at once.
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(5);
  });

  it("allows a few aliases", () => {
    const r = parseYamlText("f.yaml", "a: &d [x]\nb: *d\n");
    expect(r.ok && r.parsed.value).toEqual({ a: ["x"], b: ["x"] });
  });

  it("refuses empty files and comment-only files", () => {
    expect(problems("")).toEqual(["1:1 E_EMPTY_FILE : file is empty; expected a YAML mapping"]);
    expect(problems("  \n\n")).toEqual(["1:1 E_EMPTY_FILE : file is empty; expected a YAML mapping"]);
    expect(problems("# nothing here\n")).toEqual(["1:1 E_EMPTY_FILE : document is empty; expected a YAML mapping"]);
  });

  it("refuses more than one document", () => {
    expect(problems("a: 1\n---\nb: 2\n")).toEqual([
      "2:1 E_YAML_SYNTAX : Source contains multiple documents; please use YAML.parseAllDocuments()",
    ]);
  });
});

describe("config/yamlFile decodeUtf8", () => {
  it("decodes UTF-8 and drops a BOM", () => {
    expect(decodeUtf8("f", new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xc3, 0xa9]))).toEqual({ ok: true, text: "aé" });
  });

  it("locates the first byte that is not UTF-8", () => {
    const bytes = Buffer.concat([Buffer.from("id: x\nname: Caf"), Buffer.from([0xe9]), Buffer.from("\n")]);
    expect(decodeUtf8("f.yaml", bytes)).toEqual({
      ok: false,
      diagnostics: [{ file: "f.yaml", line: 2, col: 10, code: "E_ENCODING", path: "", message: "file is not valid UTF-8; expected UTF-8 text" }],
    });
  });

  it("decodes each file afresh: a truncated sequence or a failure in one file does not leak into the next", () => {
    expect(decodeUtf8("a.yaml", new Uint8Array([0x61, 0xc3])).ok).toBe(false);
    expect(decodeUtf8("b.yaml", new Uint8Array([0xa9, 0x62])).ok).toBe(false);
    expect(decodeUtf8("c.yaml", new Uint8Array([0xef, 0xbb, 0xbf, 0x63]))).toEqual({ ok: true, text: "c" });
    expect(decodeUtf8("d.yaml", new Uint8Array([0xef, 0xbb, 0xbf, 0x64]))).toEqual({ ok: true, text: "d" });
  });

  it("refuses more than 1 MiB", () => {
    const r = decodeUtf8("f.yaml", new Uint8Array(MAX_FILE_BYTES + 1));
    expect(r).toEqual({
      ok: false,
      diagnostics: [{ file: "f.yaml", line: 1, col: 1, code: "E_FILE_TOO_LARGE", path: "", message: "file is 1048577 bytes; expected at most 1048576 (1 MiB)" }],
    });
  });
});
