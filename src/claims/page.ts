/** One sentence of the security page, where it stands, and the section it stands in. */
export interface PageSentence {
  readonly text: string;
  /** 1-based line and column of the sentence's first character in the page file. */
  readonly line: number;
  readonly col: number;
  readonly section: string;
}

export interface SecurityPage {
  readonly file: string;
  readonly title: string;
  /** `lastUpdated` from the front matter (YYYY-MM-DD), when present. */
  readonly lastUpdated?: string;
  readonly sentences: readonly PageSentence[];
}

/**
 * Where one sentence ends: `.`, `!` or `?` followed by white space and a capital letter (or an opening quote).
 * `TLS 1.3`, `emailmate.dev` and `security@emailmate.dev.` stay whole because no space follows their inner dots.
 */
const SENTENCE_END = /[.!?](?=\s+["“‘(]?[A-Z])/g;

/** Splits one line of prose into sentences with their 0-based offsets in the line. Pure. */
export function splitSentences(line: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = line.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text !== "") out.push({ text, offset: start + lead });
  };
  for (const m of line.matchAll(SENTENCE_END)) {
    const end = (m.index ?? 0) + 1;
    push(end);
    start = end;
  }
  push(line.length);
  return out;
}

/**
 * Reads the page's Markdown: optional `---` front matter (`title`, `lastUpdated`), HTML comments and headings (not
 * claims), then every sentence of every paragraph line and list item, located. Pure.
 */
export function parseSecurityPage(file: string, text: string): SecurityPage {
  const lines = text.split(/\r?\n/);
  let i = 0;
  let title = "";
  let lastUpdated: string | undefined;
  if (lines[0]?.trim() === "---") {
    for (i = 1; i < lines.length && lines[i]?.trim() !== "---"; i++) {
      const m = /^(\w+):\s*(.*)$/.exec(lines[i] ?? "");
      if (m?.[1] === "title") title = (m[2] ?? "").trim();
      if (m?.[1] === "lastUpdated") lastUpdated = (m[2] ?? "").trim();
    }
    i++;
  }
  const sentences: PageSentence[] = [];
  let section = "";
  let inComment = false;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (inComment || line.trimStart().startsWith("<!--")) {
      inComment = !line.includes("-->");
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      section = (heading[1] ?? "").trim();
      if (title === "" && line.startsWith("# ")) title = section;
      continue;
    }
    const item = /^(\s*(?:[-*+]|\d+\.)\s+)/.exec(line);
    const skip = item ? (item[1] ?? "").length : 0;
    for (const s of splitSentences(line.slice(skip))) sentences.push({ text: s.text, line: i + 1, col: skip + s.offset + 1, section });
  }
  return { file, title, ...(lastUpdated !== undefined ? { lastUpdated } : {}), sentences };
}

/** White space folded, so a claim's text may wrap in YAML. */
export function normalizeSentence(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}
