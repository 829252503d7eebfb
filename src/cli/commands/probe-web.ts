import { ExitCode, usageError } from "../../core/errors";
import { probeWeb } from "../../probes/probeWeb";
import type { ProbeReport } from "../../probes/types";
import type { CliContext, CommandResult } from "../context";
import { parsePositiveInt, probeExitCode, readCaFiles, reportText, summaryLine } from "./probe-common";

export interface ProbeWebOptions {
  readonly url: string;
  readonly ca?: readonly string[];
  readonly timeout?: string;
  readonly httpPort?: string;
}

/** The target URL: https only, no credentials; anything else is a usage error (exit 2). */
export function parseTarget(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError("E_PROBE_URL", `${JSON.stringify(text)} is not a URL; expected https://host[:port][/path]`);
  }
  if (url.protocol !== "https:") throw usageError("E_PROBE_URL", `${text}: expected an https:// URL (plain HTTP is probed on the same host automatically)`);
  if (url.username !== "" || url.password !== "") throw usageError("E_PROBE_URL", `${url.protocol}//…@${url.host}: credentials in the URL are not accepted`);
  if (url.hostname === "") throw usageError("E_PROBE_URL", `${text}: no host`);
  return url;
}

/**
 * `probe <https-url>`: TLS versions, certificate, HSTS (preload rules), plain HTTP → HTTPS, security.txt. Exit 1 when a
 * check fails, 3 when one could not be evaluated (or the target cannot be reached at all), 2 for a bad URL.
 */
export async function probeWebCommand(opts: ProbeWebOptions, ctx: CliContext): Promise<CommandResult<ProbeReport>> {
  const url = parseTarget(opts.url);
  const timeoutMs = parsePositiveInt("--timeout", opts.timeout, 10_000);
  const httpPort = parsePositiveInt("--http-port", opts.httpPort, 80, 65_535);
  const ca = readCaFiles(opts.ca, ctx);
  const { report, unreachable } = await probeWeb(url, { ca, timeoutMs, httpPort }, ctx.clock);
  const exitCode = unreachable ? ExitCode.environment : probeExitCode(report.checks);
  return {
    data: report,
    exitCode,
    text: () => (unreachable ? `${reportText(report)}\nerror: cannot reach ${url.host}: no TLS connection could be opened` : `${reportText(report)}\n${summaryLine(report.checks)}`),
  };
}
