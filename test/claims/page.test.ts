import { describe, expect, it } from "vitest";
import { parseSecurityPage, splitSentences } from "../../src/claims/page";

describe("src/claims/page", () => {
  it("splits prose at sentence ends followed by a capital, keeping dotted names and versions whole", () => {
    expect(splitSentences("In transit — TLS 1.3 everywhere. HSTS enforced on emailmate.dev.").map((s) => s.text)).toEqual([
      "In transit — TLS 1.3 everywhere.",
      "HSTS enforced on emailmate.dev.",
    ]);
    expect(splitSentences("Found a security issue? Email security@emailmate.dev. PGP key available.").map((s) => s.text)).toEqual([
      "Found a security issue?",
      "Email security@emailmate.dev.",
      "PGP key available.",
    ]);
  });

  it("keeps a list item without a full stop as one sentence", () => {
    expect(splitSentences("AWS (SES, KMS, CloudWatch)")).toEqual([{ text: "AWS (SES, KMS, CloudWatch)", offset: 0 }]);
  });

  it("locates every sentence by line and column, skipping front matter, comments and headings", () => {
    const page = parseSecurityPage(
      "page.md",
      ["---", "title: Security", "lastUpdated: 2026-04-14", "---", "<!--", "Not. A claim.", "-->", "## Encryption", "", "- One claim. Two claims.", "Three here."].join("\n"),
    );
    expect(page.title).toBe("Security");
    expect(page.lastUpdated).toBe("2026-04-14");
    expect(page.sentences).toEqual([
      { text: "One claim.", line: 10, col: 3, section: "Encryption" },
      { text: "Two claims.", line: 10, col: 14, section: "Encryption" },
      { text: "Three here.", line: 11, col: 1, section: "Encryption" },
    ]);
  });
});
