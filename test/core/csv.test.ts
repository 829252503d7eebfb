import { describe, expect, it } from "vitest";
import { csvField, csvLine, neutralizeCsvCell } from "../../src/core/csv";

describe("src/core/csv", () => {
  it.each([
    ["=HYPERLINK(\"http://x.example\",\"click\")", "'=HYPERLINK(\"http://x.example\",\"click\")"],
    ["+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
  ])("neutralises a cell a spreadsheet would run as a formula: %j", (hostile, safe) => {
    expect(neutralizeCsvCell(hostile)).toBe(safe);
  });

  it.each(["Acme Corp", "a=b", "1-2", "mail@acme.example", "", " =leading space is text"])("leaves ordinary text alone: %j", (text) => {
    expect(neutralizeCsvCell(text)).toBe(text);
  });

  it("quotes a neutralised cell that holds a comma, a quote or a line break", () => {
    expect(csvField('=cmd|"/c calc",x')).toBe(`"'=cmd|""/c calc"",x"`);
    expect(csvField("\r\n")).toBe(`"'\r\n"`);
  });

  it("passes a plain cell through and treats every single character as the rules say", () => {
    for (let c = 0; c < 0x80; c++) {
      const ch = String.fromCharCode(c);
      const neutral = "=+-@\t\r".includes(ch) ? `'${ch}x` : `${ch}x`;
      const quoted = /[",\r\n]/.test(neutral) ? `"${neutral.replace(/"/g, '""')}"` : neutral;
      expect(csvField(`${ch}x`), `U+${c.toString(16)}`).toBe(quoted);
      expect(csvField(`x${ch}`), `U+${c.toString(16)} inside`).toBe(/[",\r\n]/.test(ch) ? `"x${ch === '"' ? '""' : ch}"` : `x${ch}`);
    }
    expect(csvField("urn:pulumi:dev::emailmate-ops::aws:kms/key:Key::acme-key")).toBe("urn:pulumi:dev::emailmate-ops::aws:kms/key:Key::acme-key");
  });

  it("writes one record with its newline; undefined and null as empty", () => {
    expect(csvLine(["a", 1, undefined, null, "@x"])).toBe("a,1,,,'@x\n");
  });
});
