/** What a security.txt (RFC 9116) says, and every problem that makes it invalid. Pure: the clock is passed in. */
export interface SecurityTxtVerdict {
  readonly valid: boolean;
  readonly problems: string[];
  /** Advice that does not make the file invalid (RFC 9116 "SHOULD"s). */
  readonly notes: string[];
  readonly contacts: string[];
  readonly expires?: string;
}

const FIELD = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*(.*?)[ \t]*$/;
/** RFC 3339 internet date-time (the Expires format), e.g. 2027-01-31T23:59:59Z or …+01:00. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

function rfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (day.getUTCMonth() !== Number(m[2]) - 1 || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 60) return undefined;
  const t = Date.parse(text.toUpperCase());
  return Number.isNaN(t) ? undefined : t;
}

/** The signed content of an OpenPGP cleartext-signed file (RFC 4880 §7), or the text as is. */
function unsign(lines: string[]): { lines: string[]; problem?: string } {
  if (lines[0]?.trim() !== "-----BEGIN PGP SIGNED MESSAGE-----") return { lines };
  let i = 1;
  while (i < lines.length && lines[i]!.trim() !== "") i++;
  const end = lines.indexOf("-----BEGIN PGP SIGNATURE-----");
  if (end === -1) return { lines: [], problem: "a PGP signed message without its signature block" };
  return { lines: lines.slice(i + 1, end).map((l) => (l.startsWith("- ") ? l.slice(2) : l)) };
}

/** Which URI schemes a field may use: web URIs must be https (RFC 9116 §2.5). */
function uriProblem(field: string, value: string, schemes: readonly string[]): string | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) return `${field}: ${JSON.stringify(value)} is not a URI`;
  if (scheme === "http") return `${field}: ${value} uses http; web URIs must use https`;
  if (!schemes.includes(scheme)) return `${field}: ${value}: expected a ${schemes.join(", ")} URI`;
  return undefined;
}

/**
 * Judges a security.txt body: fields `Name: value` (names case-insensitive), comments `#`; Contact required (one or
 * more; mailto:, https: or tel:), Expires required exactly once, an RFC 3339 time in the future; Preferred-Languages
 * at most once; Encryption, Policy, Acknowledgments, Hiring and Canonical are https URIs.
 */
export function judgeSecurityTxt(body: string, now: Date): SecurityTxtVerdict {
  const problems: string[] = [];
  const notes: string[] = [];
  const signed = unsign(body.replace(/^\uFEFF/, "").split(/\r?\n/));
  if (signed.problem) problems.push(signed.problem);
  const fields = new Map<string, { line: number; value: string }[]>();
  signed.lines.forEach((raw, i) => {
    if (raw.trim() === "" || raw.startsWith("#")) return;
    const m = FIELD.exec(raw);
    if (m === null) {
      problems.push(`line ${i + 1}: ${JSON.stringify(raw.slice(0, 60))} is neither a field (Name: value) nor a comment`);
      return;
    }
    const name = m[1]!.toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), { line: i + 1, value: m[2]! }]);
  });
  const contacts = (fields.get("contact") ?? []).map((f) => f.value);
  if (contacts.length === 0) problems.push("Contact is missing (required)");
  for (const c of contacts) {
    const p = uriProblem("Contact", c, ["mailto", "https", "tel"]);
    if (p) problems.push(p);
  }
  for (const name of ["encryption", "policy", "acknowledgments", "hiring", "canonical"]) {
    for (const f of fields.get(name) ?? []) {
      const p = uriProblem(name[0]!.toUpperCase() + name.slice(1), f.value, name === "encryption" ? ["https", "dns", "openpgp4fpr"] : ["https"]);
      if (p) problems.push(p);
    }
  }
  if ((fields.get("preferred-languages") ?? []).length > 1) problems.push("Preferred-Languages appears more than once (at most once)");
  const expires = fields.get("expires") ?? [];
  let expiresText: string | undefined;
  if (expires.length === 0) problems.push("Expires is missing (required)");
  else if (expires.length > 1) problems.push(`Expires appears ${expires.length} times (lines ${expires.map((e) => e.line).join(", ")}); it must appear exactly once`);
  else {
    expiresText = expires[0]!.value;
    const t = rfc3339(expiresText);
    if (t === undefined) problems.push(`Expires: ${JSON.stringify(expiresText)} is not an RFC 3339 date-time such as 2027-01-31T23:59:59Z`);
    else if (t <= now.getTime()) problems.push(`Expires: ${expiresText} is in the past: the file is stale`);
    else if (t - now.getTime() > ONE_YEAR_MS) notes.push(`Expires: ${expiresText} is more than a year ahead (RFC 9116 recommends less)`);
  }
  return { valid: problems.length === 0, problems, notes, contacts, ...(expiresText === undefined ? {} : { expires: expiresText }) };
}
