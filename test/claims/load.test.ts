import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/config/diagnostics";
import { loadClaims } from "../../src/claims/load";

const ROOT = join(__dirname, "../..");

function reader(files: Record<string, string>) {
  return {
    read(path: string): Uint8Array {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT ${path}`), { code: "ENOENT" });
      return new TextEncoder().encode(text);
    },
  };
}

const PAGE = ["## Encryption", "", "- In transit — TLS 1.3 everywhere. HSTS enforced on emailmate.dev.", ""].join("\n");
const CLAIMS = [
  "page: page.md",
  "claims:",
  "  - id: in-transit",
  '    text: "In transit — TLS 1.3 everywhere."',
  "    evidence:",
  "      - check: aws-sesv2-configuration-set-enforce-tls",
  "  - id: hsts",
  '    text: "HSTS enforced on emailmate.dev."',
  "    evidence:",
  "      - manual: the Vercel project headers",
  "        owner: platform",
  "",
].join("\n");

describe("src/claims/load", () => {
  it("maps the shipped page completely: every sentence of docs/security-page.md has a claim in docs/claims.yaml", () => {
    const r = loadClaims("docs/claims.yaml", { read: (p) => readFileSync(join(ROOT, p)) });
    if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
    expect(r.set.page.sentences.length).toBe(41);
    expect(r.set.claims.flatMap((c) => c.sentences).length).toBe(41);
  });

  it("ties each claim to its sentence", () => {
    const r = loadClaims("docs/claims.yaml", reader({ "docs/claims.yaml": CLAIMS, "docs/page.md": PAGE }));
    if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
    expect(r.set.claims.map((c) => [c.spec.id, c.sentences.map((s) => `${s.line}:${s.col}`)])).toEqual([
      ["in-transit", ["3:3"]],
      ["hsts", ["3:36"]],
    ]);
  });

  it("refuses a page sentence that no claim maps, located in the page", () => {
    const page = PAGE + "Keys are rotated every day.\n";
    const r = loadClaims("docs/claims.yaml", reader({ "docs/claims.yaml": CLAIMS, "docs/page.md": page }));
    expect(r.ok ? [] : r.diagnostics.map(formatDiagnostic)).toEqual([
      'docs/page.md:4:1: E_REFERENCE (document): sentence has no claim in docs/claims.yaml: "Keys are rotated every day."; add a claim with its evidence (or a manual control with an owner)',
    ]);
  });

  it("refuses a claim whose sentence left the page (the page was edited), located in the claims file", () => {
    const page = PAGE.replace("TLS 1.3 everywhere", "TLS 1.2 or newer");
    const r = loadClaims("docs/claims.yaml", reader({ "docs/claims.yaml": CLAIMS, "docs/page.md": page }));
    expect(r.ok ? [] : r.diagnostics.map(formatDiagnostic)).toEqual([
      'docs/claims.yaml:4:11: E_REFERENCE claims.0.text: not a sentence of docs/page.md: "In transit — TLS 1.3 everywhere." (edited or removed from the page? map the page\'s current sentence)',
      'docs/page.md:3:3: E_REFERENCE (document): sentence has no claim in docs/claims.yaml: "In transit — TLS 1.2 or newer."; add a claim with its evidence (or a manual control with an owner)',
    ]);
  });

  it("refuses a sentence claimed twice and a duplicate claim id", () => {
    const claims = CLAIMS + ["  - id: hsts", '    text: "HSTS enforced on emailmate.dev."', "    evidence:", "      - check: vercel-project-enforce-hsts", ""].join("\n");
    const r = loadClaims("docs/claims.yaml", reader({ "docs/claims.yaml": claims, "docs/page.md": PAGE }));
    expect(r.ok ? [] : r.diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.path}`)).toEqual(["12:9 E_DUPLICATE_ID claims.2.id", "13:11 E_DUPLICATE_VALUE claims.2.text"]);
  });

  it("locates schema errors: evidence of no known kind, a missing owner", () => {
    const claims = CLAIMS.replace("      - check: aws-sesv2-configuration-set-enforce-tls", "      - chek: aws-sesv2").replace("        owner: platform\n", "");
    const r = loadClaims("docs/claims.yaml", reader({ "docs/claims.yaml": claims, "docs/page.md": PAGE }));
    expect(r.ok ? [] : r.diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.path}`)).toEqual(["6:9 E_VALUE claims.0.evidence.0", "10:9 E_VALUE claims.1.evidence.0"]);
  });

  it("says so when the page named by the claims file cannot be read", () => {
    const r = loadClaims("docs/claims.yaml", reader({ "docs/claims.yaml": CLAIMS }));
    expect(r.ok ? [] : r.diagnostics.map(formatDiagnostic)).toEqual(["docs/claims.yaml:1:7: E_REFERENCE page: cannot read the security page docs/page.md"]);
  });
});
