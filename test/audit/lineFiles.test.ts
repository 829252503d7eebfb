import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TextLineReader } from "../../src/audit/lineFiles";

const root = mkdtempSync(join(tmpdir(), "audit-lines-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let files = 0;

function readAll(text: string, chunkSize: number): string[] {
  const path = join(root, `f-${++files}.txt`);
  writeFileSync(path, text);
  const reader = new TextLineReader(path, chunkSize);
  const lines: string[] = [];
  for (let line = reader.next(); line !== undefined; line = reader.next()) lines.push(line);
  reader.close();
  return lines;
}

describe("src/audit/lineFiles", () => {
  it("reads lines split across buffer reads, multi-byte characters included, whatever the buffer size", () => {
    const lines = ["ünïcödé €uro", "", "𝄞 clef", "x".repeat(50), "tab\there", "last"];
    for (const size of [1, 2, 3, 5, 8, 64, 1 << 16]) expect([size, readAll(lines.join("\n") + "\n", size)]).toEqual([size, lines]);
  });

  it("returns a last line without its newline, and nothing for an empty file", () => {
    expect(readAll("a\nb", 4)).toEqual(["a", "b"]);
    expect(readAll("", 4)).toEqual([]);
  });
});
