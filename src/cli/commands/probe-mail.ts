import { isIP } from "node:net";
import { usageError } from "../../core/errors";
import { nodeDnsReader } from "../../probes/net/dns";
import { probeMail } from "../../probes/probeMail";
import type { ProbeReport } from "../../probes/types";
import { loadTenantsOrThrow, tenantFsAt } from "../../tenants";
import type { CliContext, CommandResult } from "../context";
import { parsePositiveInt, probeExitCode, readCaFiles, reportText, summaryLine } from "./probe-common";

export interface ProbeMailOptions {
  readonly domain?: string;
  readonly tenant?: string;
  readonly tenants: string;
  readonly dnsServer?: string;
  readonly ca?: readonly string[];
  readonly timeout?: string;
  readonly mtaStsPort?: string;
}

export type ProbeMailResult = ProbeReport | { readonly tenant: string; readonly probes: ProbeReport[] };

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** `host:port`, `host` (port 53) or `[v6]:port`, with an IP address as host (node:dns takes addresses only). */
export function parseDnsServer(text: string): string {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(text) ?? /^([^:]+)(?::(\d+))?$/.exec(text);
  const host = m?.[1];
  const port = m?.[2] === undefined ? 53 : Number(m[2]);
  if (host === undefined || isIP(host) === 0 || !(port >= 1 && port <= 65_535)) {
    throw usageError("E_DNS_SERVER", `--dns-server ${text}: expected an IP address with an optional port, e.g. 127.0.0.1:5353 or [::1]:53`);
  }
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * `probe mail <domain> | --tenant <id>`: MTA-STS (record and policy, mode enforce), TLS-RPT, DMARC (quarantine or
 * reject), SPF (one record, not +all/?all) for a domain or every sending domain of a tenant.
 */
export async function probeMailCommand(opts: ProbeMailOptions, ctx: CliContext): Promise<CommandResult<ProbeMailResult>> {
  if ((opts.domain === undefined) === (opts.tenant === undefined)) throw usageError("E_USAGE", "probe mail: give a domain or --tenant <id> (one of them)");
  let domains: string[];
  if (opts.tenant !== undefined) {
    const tenant = loadTenantsOrThrow([opts.tenants], tenantFsAt(ctx.cwd)).find((t) => t.id === opts.tenant);
    if (tenant === undefined) throw usageError("E_TENANT_UNKNOWN", `--tenant ${opts.tenant}: no such tenant in ${opts.tenants}`);
    domains = [...tenant.sending.domains];
  } else {
    const domain = opts.domain!.toLowerCase().replace(/\.$/, "");
    if (!DOMAIN.test(domain)) throw usageError("E_PROBE_DOMAIN", `${JSON.stringify(opts.domain)} is not a domain name, e.g. mail.acme.example`);
    domains = [domain];
  }
  const server = opts.dnsServer === undefined ? undefined : parseDnsServer(opts.dnsServer);
  const timeoutMs = parsePositiveInt("--timeout", opts.timeout, 10_000);
  const policyPort = parsePositiveInt("--mta-sts-port", opts.mtaStsPort, 443, 65_535);
  const ca = readCaFiles(opts.ca, ctx);
  const dns = nodeDnsReader({ server, timeoutMs });
  const results: ProbeReport[] = [];
  for (const d of domains) results.push(await probeMail(d, { dns, timeoutMs, ca, resolvePolicyHost: server !== undefined, policyPort }));
  const checks = results.flatMap((r) => r.checks);
  return {
    data: opts.tenant === undefined ? results[0]! : { tenant: opts.tenant, probes: results },
    exitCode: probeExitCode(checks),
    text: () => [...results.map(reportText), summaryLine(checks)].join("\n"),
  };
}
