/**
 * CloudWatch Logs filter-pattern terms: "Terms that include characters other than alphanumeric characters or the
 * underscore must be placed inside double quotes", and a term that starts with `-` excludes. An unquoted
 * `billing-bot` is therefore not the agent's name. Returns the first term of a plain (not JSON `{…}`, not
 * space-delimited `[…]`) pattern that contains '-' without quotes, or undefined.
 */
export function unquotedHyphenTerm(pattern: string): string | undefined {
  const text = pattern.trim();
  if (text.startsWith("{") || text.startsWith("[")) return undefined;
  const terms = text.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
  for (const term of terms) {
    if (term.startsWith('"')) continue;
    // A leading '-' (exclusion) or '?' (any of) is an operator; what follows is the term.
    const bare = term.replace(/^[-?]/, "");
    if (bare.startsWith('"')) continue;
    if (bare.includes("-")) return term;
  }
  return undefined;
}
