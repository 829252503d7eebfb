import { Resolver } from "node:dns/promises";
import type { DnsAnswer, DnsReader, MxRecord } from "../dnsAnswer";

const NO_DATA = new Set(["ENODATA"]);
const NX = new Set(["ENOTFOUND"]);

async function answer<T>(run: () => Promise<readonly T[]>): Promise<DnsAnswer<T>> {
  try {
    return { ok: true, records: await run() };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const code = e.code ?? "ERROR";
    return { ok: false, kind: NO_DATA.has(code) ? "nodata" : NX.has(code) ? "nxdomain" : "error", code, message: e.message };
  }
}

/**
 * node:dns over the system's resolvers, or over one server (`host:port`, e.g. 127.0.0.1:5353) with setServers.
 * One try per query within `timeoutMs`.
 */
export function nodeDnsReader(opts: { server?: string; timeoutMs: number }): DnsReader {
  const resolver = new Resolver({ timeout: opts.timeoutMs, tries: 1 });
  if (opts.server !== undefined) resolver.setServers([opts.server]);
  return {
    txt: (name) => answer(async () => (await resolver.resolveTxt(name)).map((chunks) => chunks.join(""))),
    mx: (name) => answer<MxRecord>(async () => (await resolver.resolveMx(name)).map((m) => ({ exchange: m.exchange, priority: m.priority }))),
    a: (name) => answer(() => resolver.resolve4(name)),
  };
}
