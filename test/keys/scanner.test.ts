import { describe, expect, it } from "vitest";
import { generateKey } from "../../src/keys/format";
import { keyHash } from "../../src/keys/record";
import { KeyScanner, scanText } from "../../src/keys/scanner";

const key = generateKey("live", () => Buffer.from("a".repeat(64), "hex"));
const other = generateKey("test", () => Buffer.from("b".repeat(64), "hex"));

describe("src/keys/scanner", () => {
  it("reports line and column (characters, UTF-8 aware), masked key and hash", () => {
    const hits = scanText(`first line\nconst k = "${key}";\nünïcödé ${other}\n`);
    expect(hits).toEqual([
      { line: 2, col: 12, masked: `emk_live_…${key.slice(-4)}`, sha256: keyHash(key) },
      { line: 3, col: 9, masked: `emk_test_…${other.slice(-4)}`, sha256: keyHash(other) },
    ]);
  });

  it("ignores a one-character typo, a longer token and a key glued to a word", () => {
    const typo = key.slice(0, 30) + (key[30] === "z" ? "y" : "z") + key.slice(31);
    expect(scanText(`${typo}\n${key}X\nX${key}\n_${key}`)).toEqual([]);
  });

  it("finds a key at the very start and end of the input", () => {
    expect(scanText(key).map((h) => [h.line, h.col])).toEqual([[1, 1]]);
    expect(scanText(`x ${key}`).map((h) => [h.line, h.col])).toEqual([[1, 3]]);
  });

  it("finds keys split across chunks at every possible cut, once, at the same place", () => {
    const text = Buffer.from(`héllo\n  ${key} ${other}\nend`, "utf8");
    const whole = scanText(text);
    expect(whole.length).toBe(2);
    for (let cut = 1; cut < text.length; cut++) {
      const s = new KeyScanner();
      s.feed(text.subarray(0, cut));
      s.feed(text.subarray(cut));
      expect(s.end()).toEqual(whole);
    }
  });

  it("respects the word boundary across a chunk cut", () => {
    const s = new KeyScanner();
    s.feed(Buffer.from("x".repeat(100)));
    s.feed(Buffer.from(key));
    expect(s.end()).toEqual([]);
  });

  it("keeps at most a key's length of text between chunks (bounded memory)", () => {
    const s = new KeyScanner();
    for (let i = 0; i < 200; i++) s.feed(Buffer.from("line without keys\n".repeat(1000)));
    expect((s as unknown as { buf: string }).buf.length).toBeLessThanOrEqual(58);
    s.feed(Buffer.from(`${key}\n`));
    expect(s.end().map((h) => h.line)).toEqual([200_001]);
  });
});
