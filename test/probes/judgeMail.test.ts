import { describe, expect, it } from "vitest";
import type { DnsAnswer } from "../../src/probes/dnsAnswer";
import { judgeMail, type MailObservation } from "../../src/probes/judgeMail";

const txt = (...records: string[]): DnsAnswer<string> => ({ ok: true, records });
const none: DnsAnswer<string> = { ok: false, kind: "nxdomain", code: "ENOTFOUND", message: "queryTxt ENOTFOUND" };
const policy = (body: string, status = 200, type = "text/plain") => ({ url: "https://mta-sts.d.example/.well-known/mta-sts.txt", response: { ok: true as const, url: "https://mta-sts.d.example/.well-known/mta-sts.txt", status, headers: [["Content-Type", type]] as [string, string][], body, truncated: false } });
const base: MailObservation = {
  domain: "d.example",
  mtaStsTxt: { name: "_mta-sts.d.example", answer: txt("v=STSv1; id=1") },
  policy: policy("version: STSv1\nmode: enforce\nmx: mx.d.example\nmax_age: 86400\n"),
  mx: { ok: true, records: [{ exchange: "mx.d.example", priority: 10 }] },
  tlsRptTxt: { name: "_smtp._tls.d.example", answer: txt("v=TLSRPTv1; rua=mailto:r@d.example,https://r.d.example/tlsrpt") },
  dmarc: [{ name: "_dmarc.d.example", answer: txt("v=DMARC1; p=quarantine") }],
  spf: [{ name: "d.example", answer: txt("v=spf1 mx -all") }],
};
const detail = (o: Partial<MailObservation>, id: string) => {
  const c = judgeMail({ ...base, ...o }).checks.find((x) => x.id === id)!;
  return `${c.status}: ${c.detail}`;
};

describe("src/probes/judgeMail", () => {
  it("passes a complete observation", () => {
    expect(judgeMail(base).checks.map((c) => c.status)).toEqual(["pass", "pass", "pass", "pass", "pass"]);
  });

  it("MTA-STS: two records mean no policy; a bad id and v not first fail", () => {
    expect(detail({ mtaStsTxt: { name: "_mta-sts.d.example", answer: txt("v=STSv1; id=1", "v=STSv1; id=2") } }, "mta-sts.record")).toBe(
      "fail: 2 v=STSv1 TXT records at _mta-sts.d.example: senders then treat the domain as having no policy (RFC 8461 §3.1)",
    );
    expect(detail({ mtaStsTxt: { name: "_mta-sts.d.example", answer: txt("v=STSv1; id=not-ok!") } }, "mta-sts.record")).toBe('fail: _mta-sts.d.example "v=STSv1; id=not-ok!": id=not-ok! (expected 1-32 letters and digits)');
  });

  it("MTA-STS policy: a redirect is not followed; the wrong media type fails", () => {
    expect(detail({ policy: policy("", 301) }, "mta-sts.policy")).toBe("fail: https://mta-sts.d.example/.well-known/mta-sts.txt: HTTP 301 (senders must not follow redirects, RFC 8461 §3.3)");
    expect(detail({ policy: policy("version: STSv1\nmode: enforce\nmx: mx.d.example\nmax_age: 86400\n", 200, "text/html") }, "mta-sts.policy")).toBe(
      "fail: https://mta-sts.d.example/.well-known/mta-sts.txt: Content-Type text/html (expected text/plain)",
    );
  });

  it("TLS-RPT: two records, or no rua, fail", () => {
    expect(detail({ tlsRptTxt: { name: "_smtp._tls.d.example", answer: txt("v=TLSRPTv1; rua=mailto:a@d.example", "v=TLSRPTv1; rua=mailto:b@d.example") } }, "tls-rpt.valid")).toBe(
      "fail: 2 v=TLSRPTv1 TXT records at _smtp._tls.d.example: reporters then send no reports (RFC 8460 §3)",
    );
    expect(detail({ tlsRptTxt: { name: "_smtp._tls.d.example", answer: txt("v=TLSRPTv1;") } }, "tls-rpt.valid")).toBe('fail: _smtp._tls.d.example "v=TLSRPTv1;": rua is missing (where to send reports)');
  });

  it("DMARC: pct below 100, two records, and none at all fail", () => {
    expect(detail({ dmarc: [{ name: "_dmarc.d.example", answer: txt("v=DMARC1; p=reject; pct=10") }] }, "dmarc.enforced")).toBe(
      'fail: _dmarc.d.example "v=DMARC1; p=reject; pct=10": pct=10: the policy applies to only part of the failing mail',
    );
    expect(detail({ dmarc: [{ name: "_dmarc.d.example", answer: txt("v=DMARC1; p=reject", "v=DMARC1; p=none") }] }, "dmarc.enforced")).toBe(
      "fail: 2 DMARC records at _dmarc.d.example: receivers then apply none (RFC 7489 §6.6.3)",
    );
    expect(detail({ dmarc: [{ name: "_dmarc.d.example", answer: none }, { name: "_dmarc.example", answer: none }] }, "dmarc.enforced")).toBe("fail: no DMARC record at _dmarc.d.example or _dmarc.example");
  });

  it("SPF: no all and no redirect fails; ?all fails; more than 10 lookups fails; no record fails", () => {
    expect(detail({ spf: [{ name: "d.example", answer: txt("v=spf1 mx") }] }, "spf.valid")).toBe('fail: d.example "v=spf1 mx": no all mechanism and no redirect: the default result is neutral, as with ?all');
    expect(detail({ spf: [{ name: "d.example", answer: txt("v=spf1 ?all") }] }, "spf.valid")).toBe('fail: d.example "v=spf1 ?all": ?all lets any host pass or stay neutral (expected -all or ~all)');
    const many = `v=spf1 ${Array.from({ length: 11 }, (_, i) => `include:s${i}.example`).join(" ")} -all`;
    expect(detail({ spf: [{ name: "d.example", answer: txt(many) }] }, "spf.valid")).toBe(`fail: d.example "${many}": 11 DNS-querying terms (more than 10 is a permerror)`);
    expect(detail({ spf: [{ name: "d.example", answer: none }] }, "spf.valid")).toBe("fail: d.example: no v=spf1 record");
  });

  it("a DNS error is an error, never a pass", () => {
    const err: DnsAnswer<string> = { ok: false, kind: "error", code: "ETIMEOUT", message: "queryTxt ETIMEOUT d.example" };
    expect(detail({ spf: [{ name: "d.example", answer: err }] }, "spf.valid")).toBe("error: could not read d.example: DNS ETIMEOUT: queryTxt ETIMEOUT d.example");
    expect(detail({ mx: { ok: false, kind: "error", code: "ETIMEOUT", message: "x" } }, "mta-sts.policy")).toBe(
      "pass: https://mta-sts.d.example/.well-known/mta-sts.txt: mode: enforce, mx: mx.d.example, max_age: 86400; note: MX not checked against the policy (ETIMEOUT)",
    );
  });
});
