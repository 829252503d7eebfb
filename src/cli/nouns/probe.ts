import { Command } from "commander";
import type { Registrar } from "../program";

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerProbe(program: Command, r: Registrar): void {
  const probe = program
    .command("probe")
    // Options after `mail` belong to `probe mail` (both take --ca, --timeout and --json).
    .enablePositionalOptions()
    .description("outside-in, read-only probes as a customer's security team runs them: probe <https-url>, probe mail <domain>")
    .argument("<url>", "https URL to probe, e.g. https://emailmate.dev/")
    .option("--ca <pem>", "also trust the root certificates in this PEM file (repeatable)", collect, [])
    .option("--timeout <ms>", "time limit of each connection and request, in milliseconds", "10000")
    .option("--http-port <port>", "port of the plain-HTTP redirect check", "80")
    .addHelpText(
      "after",
      "\nChecks: tls.1_3-offered, tls.below-1_3-refused, cert.valid, cert.expiry, hsts.present, hsts.max-age,\nhsts.include-subdomains, hsts.preload, http.redirects-to-https, security-txt.valid.\nExit 1 when a check fails, 3 when one could not be evaluated or the host cannot be reached, 2 for a bad URL.",
    );
  r.action(
    probe,
    async () => (await import("../commands/probe-web")).probeWebCommand,
    ([url], o) => ({ url: url as string, ca: o.ca as string[], timeout: o.timeout as string, httpPort: o.httpPort as string }),
  );

  r.action(
    probe
      .command("mail")
      .description("MTA-STS (record, policy with mode enforce), TLS-RPT, DMARC (quarantine/reject) and SPF of a domain or a tenant's sending domains")
      .argument("[domain]", "a mail domain, e.g. mail.acme.example")
      .option("--tenant <id>", "probe every sending domain of this tenant (tenants/<id>.yaml)")
      .option("--tenants <dir>", "tenants folder", "tenants")
      .option("--dns-server <host:port>", "ask this DNS server (an IP address, default port 53) instead of the system's; also resolves the MTA-STS policy host")
      .option("--ca <pem>", "also trust the root certificates in this PEM file for the MTA-STS policy host (repeatable)", collect, [])
      .option("--mta-sts-port <port>", "port of the MTA-STS policy host", "443")
      .option("--timeout <ms>", "time limit of each query and request, in milliseconds", "10000")
      .addHelpText("after", "\nChecks: mta-sts.record, mta-sts.policy, tls-rpt.valid, dmarc.enforced, spf.valid.\nExit 1 when a check fails, 3 when one could not be evaluated, 2 for bad input."),
    async () => (await import("../commands/probe-mail")).probeMailCommand,
    ([domain], o) => ({
      domain: domain as string | undefined,
      tenant: o.tenant as string | undefined,
      tenants: o.tenants as string,
      dnsServer: o.dnsServer as string | undefined,
      ca: o.ca as string[],
      timeout: o.timeout as string,
      mtaStsPort: o.mtaStsPort as string,
    }),
  );
}
