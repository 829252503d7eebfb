import { recordsOf, type DnsAnswer, type MxRecord } from "./dnsAnswer";
import { mxMatches, parseMtaStsPolicy } from "./mtaStsPolicy";
import { headerValues, isCertificateError, type HttpResult } from "./observations";
import { parseTags, versioned } from "./tags";
import { check, type ProbeCheck, type ProbeReport } from "./types";

/** A DNS name looked up and what came back. */
export interface Lookup {
  readonly name: string;
  readonly answer: DnsAnswer<string>;
}

/** Everything the mail probe collected for one domain. */
export interface MailObservation {
  readonly domain: string;
  readonly mtaStsTxt: Lookup;
  readonly policy: { readonly url: string; readonly response: HttpResult };
  readonly mx: DnsAnswer<MxRecord>;
  readonly tlsRptTxt: Lookup;
  /** `_dmarc.<domain>`, then its parents until a DMARC record or an error (the organizational-domain fallback). */
  readonly dmarc: readonly Lookup[];
  /** The domain's TXT, then each `redirect=` target followed. */
  readonly spf: readonly Lookup[];
}

const dnsError = (l: Lookup) => (l.answer.ok ? "" : `${l.name}: DNS ${l.answer.code}: ${l.answer.message}`);

function mtaStsRecord(l: Lookup): ProbeCheck {
  const records = recordsOf(l.answer);
  if (records === undefined) return check("mta-sts.record", "error", `could not read ${dnsError(l)}`);
  const sts = versioned(records, /^v=STSv1(;|\s|$)/);
  if (sts.length === 0) return check("mta-sts.record", "fail", `no v=STSv1 TXT record at ${l.name}`);
  if (sts.length > 1) return check("mta-sts.record", "fail", `${sts.length} v=STSv1 TXT records at ${l.name}: senders then treat the domain as having no policy (RFC 8461 §3.1)`);
  const { tags, first, problems } = parseTags(sts[0]!);
  if (first !== "v") problems.push("v=STSv1 must come first");
  const id = tags.get("id");
  if (id === undefined) problems.push("id is missing");
  else if (!/^[A-Za-z0-9]{1,32}$/.test(id)) problems.push(`id=${id} (expected 1-32 letters and digits)`);
  return problems.length > 0 ? check("mta-sts.record", "fail", `${l.name} "${sts[0]}": ${problems.join("; ")}`) : check("mta-sts.record", "pass", `${l.name} "${sts[0]}"`);
}

function mtaStsPolicy(p: MailObservation["policy"], mx: DnsAnswer<MxRecord>): ProbeCheck {
  const r = p.response;
  if (!r.ok && isCertificateError(r.code)) return check("mta-sts.policy", "fail", `${p.url}: the certificate is not valid (${r.code}): senders ignore the policy (RFC 8461 §3.3)`);
  if (!r.ok) return check("mta-sts.policy", "error", `could not GET ${p.url}: ${r.code}: ${r.message}`);
  if (r.status !== 200) return check("mta-sts.policy", "fail", `${p.url}: HTTP ${r.status}${r.status >= 300 && r.status < 400 ? " (senders must not follow redirects, RFC 8461 §3.3)" : ""}`);
  const policy = parseMtaStsPolicy(r.body);
  const problems = [...policy.problems];
  const type = headerValues(r, "content-type")[0];
  if (type === undefined || type.split(";")[0]!.trim().toLowerCase() !== "text/plain") problems.push(`Content-Type ${type ?? "(none)"} (expected text/plain)`);
  if (policy.mode === "testing" || policy.mode === "none") problems.push(`mode: ${policy.mode}: senders do not refuse plain-text delivery (expected enforce)`);
  const notes: string[] = [];
  const hosts = recordsOf(mx);
  if (hosts === undefined) notes.push(`MX not checked against the policy (${mx.ok ? "" : mx.code})`);
  else {
    const uncovered = hosts.filter((h) => !policy.mx.some((pattern) => mxMatches(h.exchange, pattern))).map((h) => h.exchange);
    if (uncovered.length > 0) problems.push(`MX ${uncovered.join(", ")} not matched by the policy's mx (${policy.mx.join(", ")}): mail to them would fail under enforce`);
  }
  const summary = `mode: ${policy.mode ?? "?"}, mx: ${policy.mx.join(", ") || "none"}, max_age: ${policy.maxAge ?? "?"}`;
  const tail = notes.length > 0 ? `; note: ${notes.join("; ")}` : "";
  return problems.length > 0 ? check("mta-sts.policy", "fail", `${p.url}: ${problems.join("; ")}${tail}`) : check("mta-sts.policy", "pass", `${p.url}: ${summary}${tail}`);
}

function tlsRpt(l: Lookup): ProbeCheck {
  const records = recordsOf(l.answer);
  if (records === undefined) return check("tls-rpt.valid", "error", `could not read ${dnsError(l)}`);
  const rpt = versioned(records, /^v=TLSRPTv1(;|\s|$)/);
  if (rpt.length === 0) return check("tls-rpt.valid", "fail", `no v=TLSRPTv1 TXT record at ${l.name}`);
  if (rpt.length > 1) return check("tls-rpt.valid", "fail", `${rpt.length} v=TLSRPTv1 TXT records at ${l.name}: reporters then send no reports (RFC 8460 §3)`);
  const { tags, problems } = parseTags(rpt[0]!);
  const rua = tags.get("rua");
  if (rua === undefined || rua === "") problems.push("rua is missing (where to send reports)");
  else for (const uri of rua.split(",").map((u) => u.trim())) if (!/^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+)$/i.test(uri)) problems.push(`rua ${uri}: expected a mailto: or https: URI`);
  return problems.length > 0 ? check("tls-rpt.valid", "fail", `${l.name} "${rpt[0]}": ${problems.join("; ")}`) : check("tls-rpt.valid", "pass", `${l.name} "${rpt[0]}"`);
}

function dmarc(lookups: readonly MailObservation["dmarc"][number][], domain: string): ProbeCheck {
  for (const l of lookups) {
    const records = recordsOf(l.answer);
    if (records === undefined) return check("dmarc.enforced", "error", `could not read ${dnsError(l)}`);
    const found = versioned(records, /^v=DMARC1(;|\s|$)/);
    if (found.length === 0) continue;
    if (found.length > 1) return check("dmarc.enforced", "fail", `${found.length} DMARC records at ${l.name}: receivers then apply none (RFC 7489 §6.6.3)`);
    const { tags, problems } = parseTags(found[0]!);
    const inherited = l.name !== `_dmarc.${domain}`;
    const policy = inherited ? (tags.get("sp") ?? tags.get("p")) : tags.get("p");
    const where = inherited ? `${l.name} (the organizational domain's record, taken as the nearest parent's: no public-suffix list here)` : l.name;
    if (policy === undefined) problems.push("p is missing");
    else if (policy !== "quarantine" && policy !== "reject") problems.push(`${inherited && tags.has("sp") ? "sp" : "p"}=${policy}: failing mail is delivered (expected quarantine or reject)`);
    const pct = tags.get("pct");
    if (pct !== undefined && pct !== "100") problems.push(`pct=${pct}: the policy applies to only part of the failing mail`);
    return problems.length > 0 ? check("dmarc.enforced", "fail", `${where} "${found[0]}": ${problems.join("; ")}`) : check("dmarc.enforced", "pass", `${where} "${found[0]}"`);
  }
  return check("dmarc.enforced", "fail", `no DMARC record at ${lookups.map((l) => l.name).join(" or ")}`);
}

/** The SPF record among TXT records: exactly one `v=spf1` (RFC 7208 §4.5), or why not. */
export function spfRecordOf(records: readonly string[]): { record?: string; problem?: string } {
  const spf = versioned(records, /^v=spf1(\s|$)/i);
  if (spf.length === 0) return { problem: "no v=spf1 record" };
  if (spf.length > 1) return { problem: `${spf.length} v=spf1 records (permerror: exactly one is allowed)` };
  return { record: spf[0]!.trim() };
}

/** The `redirect=` target of an SPF record, if any. */
export function spfRedirect(record: string): string | undefined {
  return /(?:^|\s)redirect=(\S+)/i.exec(record)?.[1];
}

const LOOKUP_TERMS = /^[+\-~?]?(include:|a(?::|\/|$)|mx(?::|\/|$)|ptr|exists:)|^redirect=/i;

function spf(lookups: readonly Lookup[]): ProbeCheck {
  const path: string[] = [];
  for (const l of lookups) {
    const records = recordsOf(l.answer);
    if (records === undefined) return check("spf.valid", "error", `could not read ${dnsError(l)}`);
    const { record, problem } = spfRecordOf(records);
    if (record === undefined) return check("spf.valid", "fail", `${l.name}: ${problem}${path.length > 0 ? ` (reached by ${path.join(" → ")})` : ""}`);
    path.push(`${l.name} "${record}"`);
    const terms = record.split(/\s+/).slice(1);
    const lookupsUsed = terms.filter((t) => LOOKUP_TERMS.test(t)).length;
    if (lookupsUsed > 10) return check("spf.valid", "fail", `${path.join(" → ")}: ${lookupsUsed} DNS-querying terms (more than 10 is a permerror)`);
    const all = terms.find((t) => /^[+\-~?]?all$/i.test(t));
    if (all !== undefined) {
      const q = all.length === 3 ? "+" : all[0]!;
      if (q === "+" || q === "?") return check("spf.valid", "fail", `${path.join(" → ")}: ${all} lets any host pass or stay neutral (expected -all or ~all)`);
      return check("spf.valid", "pass", path.join(" → "));
    }
    if (spfRedirect(record) === undefined) return check("spf.valid", "fail", `${path.join(" → ")}: no all mechanism and no redirect: the default result is neutral, as with ?all`);
  }
  return check("spf.valid", "error", `${path.join(" → ")}: redirect chain longer than the probe follows`);
}

/** The mail probe's verdict for one domain. Pure. */
export function judgeMail(o: MailObservation): ProbeReport {
  return {
    target: o.domain,
    checks: [mtaStsRecord(o.mtaStsTxt), mtaStsPolicy(o.policy, o.mx), tlsRpt(o.tlsRptTxt), dmarc(o.dmarc, o.domain), spf(o.spf)],
  };
}
