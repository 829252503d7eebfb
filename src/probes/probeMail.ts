import type { DnsReader } from "./dnsAnswer";
import { recordsOf } from "./dnsAnswer";
import { judgeMail, spfRecordOf, spfRedirect, type Lookup, type MailObservation } from "./judgeMail";
import { getOnce } from "./net/http";
import type { ProbeReport } from "./types";

export interface MailProbeOptions {
  readonly dns: DnsReader;
  readonly timeoutMs: number;
  /** Extra trusted roots (PEM) for the MTA-STS policy host. */
  readonly ca?: readonly string[];
  /** Resolve mta-sts.<domain> with `dns` (not the system resolver) and connect to that address. */
  readonly resolvePolicyHost: boolean;
  /** Port of the MTA-STS policy host (default 443). */
  readonly policyPort?: number;
}

const MAX_SPF_REDIRECTS = 3;

async function lookupTxt(dns: DnsReader, name: string): Promise<Lookup> {
  return { name, answer: await dns.txt(name) };
}

/** `_dmarc.<domain>`, then `_dmarc.<parent>` while the parent has two labels or more, until a record or an error. */
async function dmarcLookups(dns: DnsReader, domain: string): Promise<Lookup[]> {
  const out: Lookup[] = [];
  for (let name = domain; name.split(".").length >= 2; name = name.slice(name.indexOf(".") + 1)) {
    const l = await lookupTxt(dns, `_dmarc.${name}`);
    out.push(l);
    const records = recordsOf(l.answer);
    if (records === undefined || records.some((r) => /^v=DMARC1(;|\s|$)/.test(r.trim()))) break;
  }
  return out;
}

async function spfLookups(dns: DnsReader, domain: string): Promise<Lookup[]> {
  const out: Lookup[] = [await lookupTxt(dns, domain)];
  for (let hop = 0; hop < MAX_SPF_REDIRECTS; hop++) {
    const records = recordsOf(out[out.length - 1]!.answer);
    const record = records === undefined ? undefined : spfRecordOf(records).record;
    const next = record === undefined || /(?:^|\s)[+\-~?]?all(\s|$)/i.test(record) ? undefined : spfRedirect(record);
    if (next === undefined) break;
    out.push(await lookupTxt(dns, next));
  }
  return out;
}

/** The MTA-STS policy over HTTPS: a valid certificate for mta-sts.<domain>, no redirect followed (RFC 8461 §3.3). */
async function fetchPolicy(domain: string, opts: MailProbeOptions): Promise<MailObservation["policy"]> {
  const host = `mta-sts.${domain}`;
  const url = new URL(`https://${host}${opts.policyPort === undefined || opts.policyPort === 443 ? "" : `:${opts.policyPort}`}/.well-known/mta-sts.txt`);
  let connectHost: string | undefined;
  if (opts.resolvePolicyHost) {
    const a = await opts.dns.a(host);
    if (!a.ok || a.records.length === 0) return { url: url.href, response: { ok: false, code: a.ok ? "ENODATA" : a.code, message: `no address for ${host}` } };
    connectHost = a.records[0];
  }
  return { url: url.href, response: await getOnce(url, { timeoutMs: opts.timeoutMs, ca: opts.ca, verify: true, connectHost, maxBody: 64 * 1024 }) };
}

export async function observeMail(domain: string, opts: MailProbeOptions): Promise<MailObservation> {
  const { dns } = opts;
  const [mtaStsTxt, policy, mx, tlsRptTxt, dmarc, spf] = await Promise.all([
    lookupTxt(dns, `_mta-sts.${domain}`),
    fetchPolicy(domain, opts),
    dns.mx(domain),
    lookupTxt(dns, `_smtp._tls.${domain}`),
    dmarcLookups(dns, domain),
    spfLookups(dns, domain),
  ]);
  return { domain, mtaStsTxt, policy, mx, tlsRptTxt, dmarc, spf };
}

/** MTA-STS, TLS-RPT, DMARC and SPF of one domain: read-only DNS queries and one HTTPS GET. */
export async function probeMail(domain: string, opts: MailProbeOptions): Promise<ProbeReport> {
  return judgeMail(await observeMail(domain, opts));
}
