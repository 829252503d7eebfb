import { dirname, join } from "node:path";
import type { Diagnostic } from "../config/diagnostics";
import { issuesToDiagnostics } from "../config/schemaIssues";
import { decodeUtf8, parseYamlText } from "../config/yamlFile";
import { normalizeSentence, parseSecurityPage, type PageSentence, type SecurityPage } from "./page";
import { claimsFileSchema, type ClaimSpec } from "./schema";

/** A claim of the file, with the page sentences it covers and where it stands in the claims file. */
export interface LoadedClaim {
  readonly spec: ClaimSpec;
  readonly sentences: readonly PageSentence[];
  readonly at: { readonly file: string; readonly line: number; readonly col: number };
  /** Where each evidence item stands in the claims file. */
  readonly evidenceAt: readonly { readonly line: number; readonly col: number }[];
}

export interface ClaimsSet {
  readonly page: SecurityPage;
  readonly claims: readonly LoadedClaim[];
}

/** Reads files relative to the project root; the command passes the real file system, tests their own. */
export interface ClaimsReader {
  read(path: string): Uint8Array;
}

const texts = (spec: ClaimSpec): string[] => (typeof spec.text === "string" ? [spec.text] : spec.text);

/**
 * Reads the claims file and the page it names, and ties them together. Every problem is a located diagnostic, all
 * of them at once: schema errors in the claims file, a claim whose text is not a sentence of the page (stale after
 * an edit), a sentence claimed twice, and — so that editing the page forces the proof to follow — every sentence
 * of the page that no claim maps.
 */
export function loadClaims(claimsFile: string, read: ClaimsReader): { ok: true; set: ClaimsSet } | { ok: false; diagnostics: Diagnostic[] } {
  const decoded = decodeUtf8(claimsFile, read.read(claimsFile));
  if (!decoded.ok) return decoded;
  const parsed = parseYamlText(claimsFile, decoded.text);
  if (!parsed.ok) return parsed;
  const { value, locator } = parsed.parsed;
  const result = claimsFileSchema.safeParse(value);
  if (!result.success) return { ok: false, diagnostics: issuesToDiagnostics(claimsFile, claimsFileSchema, value, locator, result.error.issues) };
  const file = result.data;
  const pagePath = join(dirname(claimsFile), file.page);
  let pageBytes: Uint8Array;
  try {
    pageBytes = read.read(pagePath);
  } catch {
    const { line, col } = locator.at(["page"]);
    return { ok: false, diagnostics: [{ file: claimsFile, line, col, code: "E_REFERENCE", path: "page", message: `cannot read the security page ${pagePath}` }] };
  }
  const pageText = decodeUtf8(pagePath, pageBytes);
  if (!pageText.ok) return pageText;
  const page = parseSecurityPage(pagePath, pageText.text);

  const bySentence = new Map<string, PageSentence[]>();
  for (const s of page.sentences) {
    const key = normalizeSentence(s.text);
    bySentence.set(key, [...(bySentence.get(key) ?? []), s]);
  }
  const diagnostics: Diagnostic[] = [];
  const claimedBy = new Map<PageSentence, string>();
  const ids = new Map<string, number>();
  const claims: LoadedClaim[] = [];
  file.claims.forEach((spec, i) => {
    const at = { file: claimsFile, ...locator.at(["claims", i]) };
    const first = ids.get(spec.id);
    if (first !== undefined) {
      const { line, col } = locator.at(["claims", i, "id"]);
      diagnostics.push({ file: claimsFile, line, col, code: "E_DUPLICATE_ID", path: `claims.${i}.id`, message: `claim id ${JSON.stringify(spec.id)} is already used by claims.${first}` });
    } else ids.set(spec.id, i);
    const sentences: PageSentence[] = [];
    texts(spec).forEach((t, j) => {
      const path = typeof spec.text === "string" ? ["claims", i, "text"] : ["claims", i, "text", j];
      const where = locator.at(path);
      const candidates = bySentence.get(normalizeSentence(t)) ?? [];
      const free = candidates.find((s) => !claimedBy.has(s));
      if (candidates.length === 0) {
        diagnostics.push({ file: claimsFile, ...where, code: "E_REFERENCE", path: path.join("."), message: `not a sentence of ${pagePath}: ${JSON.stringify(t)} (edited or removed from the page? map the page's current sentence)` });
      } else if (free === undefined) {
        diagnostics.push({ file: claimsFile, ...where, code: "E_DUPLICATE_VALUE", path: path.join("."), message: `sentence already claimed by ${claimedBy.get(candidates[0] as PageSentence) ?? "another claim"}: ${JSON.stringify(t)}` });
      } else {
        claimedBy.set(free, spec.id);
        sentences.push(free);
      }
    });
    const evidenceAt = spec.evidence.map((_, k) => locator.at(["claims", i, "evidence", k]));
    claims.push({ spec, sentences, at, evidenceAt });
  });
  for (const s of page.sentences) {
    if (!claimedBy.has(s)) {
      diagnostics.push({
        file: pagePath,
        line: s.line,
        col: s.col,
        code: "E_REFERENCE",
        path: "",
        message: `sentence has no claim in ${claimsFile}: ${JSON.stringify(s.text)}; add a claim with its evidence (or a manual control with an owner)`,
      });
    }
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, set: { page, claims } };
}
