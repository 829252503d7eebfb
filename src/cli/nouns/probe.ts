import { Command } from "commander";
import type { Registrar } from "../program";

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerProbe(program: Command, r: Registrar): void {
  const probe = program
    .command("probe")
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
}
