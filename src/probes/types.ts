/** A probe check's outcome. `error`: the data could not be collected, so nothing is claimed (never a pass). */
export const PROBE_STATUSES = ["pass", "fail", "error"] as const;
export type ProbeStatus = (typeof PROBE_STATUSES)[number];

/** The web probe's check ids (claims refer to them; keep them stable). */
export const WEB_CHECK_IDS = [
  "tls.1_3-offered",
  "tls.below-1_3-refused",
  "cert.valid",
  "cert.expiry",
  "hsts.present",
  "hsts.max-age",
  "hsts.include-subdomains",
  "hsts.preload",
  "http.redirects-to-https",
  "security-txt.valid",
] as const;

/** The mail probe's check ids. */
export const MAIL_CHECK_IDS = ["mta-sts.record", "mta-sts.policy", "tls-rpt.valid", "dmarc.enforced", "spf.valid"] as const;

export type ProbeCheckId = (typeof WEB_CHECK_IDS)[number] | (typeof MAIL_CHECK_IDS)[number];

export interface ProbeCheck {
  readonly id: ProbeCheckId;
  readonly status: ProbeStatus;
  readonly detail: string;
}

export interface ProbeReport {
  readonly target: string;
  readonly checks: ProbeCheck[];
}

/** A failed network read, as data (the judge turns it into `error` checks). */
export interface NetFailure {
  readonly ok: false;
  readonly code: string;
  readonly message: string;
}

export const check = (id: ProbeCheckId, status: ProbeStatus, detail: string): ProbeCheck => ({ id, status, detail });
