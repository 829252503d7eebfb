/** Outside-in probes: what the claims read (check ids, report shape) and the probe entry points. */
export { WEB_CHECK_IDS, MAIL_CHECK_IDS, PROBE_STATUSES, type ProbeCheck, type ProbeCheckId, type ProbeReport, type ProbeStatus } from "./types";
export { probeWeb, observeWeb, type WebProbeOptions } from "./probeWeb";
export { probeMail, observeMail, type MailProbeOptions } from "./probeMail";
export { judgeWeb } from "./judgeWeb";
export { judgeMail, type MailObservation } from "./judgeMail";
export { nodeDnsReader } from "./net/dns";
export type { DnsReader, DnsAnswer } from "./dnsAnswer";
