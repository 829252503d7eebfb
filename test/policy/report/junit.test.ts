import { describe, expect, it } from "vitest";
import { writeJunit, xmlEscape } from "../../../src/policy/report/junit";
import { sampleReport, WRITER } from "./support";

const xml = writeJunit(sampleReport(), WRITER);

describe("src/policy/report/junit", () => {
  it("totals tests, failures and skipped on the root", () => {
    expect(xml.split("\n").slice(0, 2)).toEqual([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="emailmate-ops policy check" tests="25" failures="2" errors="0" skipped="6" time="0">',
    ]);
  });

  it("writes a failure with message, enforcement and details", () => {
    expect(xml).toContain(
      '    <testcase classname="aws-sns-topic-enforce-kms" name="acme-alerts-topic (tenant acme)" time="0">\n      <failure message="topic has no kmsMasterKeyId; expected server-side encryption with a KMS key." type="advisory">topic has no kmsMasterKeyId; expected server-side encryption with a KMS key.\nresource: urn:pulumi:dev::emailmate-ops::emailmate:tenant:Tenant$aws:sns/topic:Topic::acme-alerts-topic\nseverity: medium; enforcement: advisory; controls: CC6.1, CC7.2</failure>\n    </testcase>',
    );
  });

  it("writes suppressed findings as skipped with the escaped reason", () => {
    expect(xml).toContain(
      '<skipped message="suppressed until 2027-01-31: 30 days agreed with Globex &lt;legal&gt; &amp; DPO — retention is 30 days; expected at least 365 days."/>',
    );
  });

  it("has balanced suites and cases", () => {
    const count = (s: string) => xml.split(s).length - 1;
    expect([count("<testsuite "), count("</testsuite>"), count("<testcase "), count("</testcase>")]).toEqual([14, 14, 25, 25]);
  });

  it("escapes markup and drops characters XML cannot carry", () => {
    expect(xmlEscape(`a<b>&"c'\u0001`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;");
  });

  it("escapes every character alone as markup rules say (plain text is passed through unchanged)", () => {
    const entity: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
    const xmlChar = (c: number) => c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd);
    for (let c = 0; c < 0x3000; c++) {
      const ch = String.fromCharCode(c);
      const expected = entity[ch] ?? (xmlChar(c) ? ch : "");
      expect(xmlEscape(`a${ch}b`), `U+${c.toString(16)}`).toBe(`a${expected}b`);
    }
    expect(xmlEscape("urn:pulumi:dev::emailmate-ops::aws:kms/key:Key::acme-key (tenant acme)\nseverity: high")).toBe(
      "urn:pulumi:dev::emailmate-ops::aws:kms/key:Key::acme-key (tenant acme)\nseverity: high",
    );
  });
});
