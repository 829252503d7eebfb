import { createSocket, type RemoteInfo } from "node:dgram";
import type { AddressInfo } from "node:net";

/** Records of one name. TXT: each record a string (split into 255-byte strings on the wire) or its strings. */
export interface ZoneEntry {
  TXT?: (string | string[])[];
  MX?: { priority: number; exchange: string }[];
  A?: string[];
}
export type Zone = Record<string, ZoneEntry>;

const TYPES: Record<number, keyof ZoneEntry> = { 16: "TXT", 15: "MX", 1: "A" };
const CODES: Record<keyof ZoneEntry, number> = { TXT: 16, MX: 15, A: 1 };

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, "").split(".").filter((p) => p !== "");
  return Buffer.concat([...parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, "ascii")])), Buffer.from([0])]);
}

function rdata(type: keyof ZoneEntry, value: unknown): Buffer {
  if (type === "A") return Buffer.from((value as string).split(".").map(Number));
  if (type === "MX") {
    const mx = value as { priority: number; exchange: string };
    const p = Buffer.alloc(2);
    p.writeUInt16BE(mx.priority);
    return Buffer.concat([p, encodeName(mx.exchange)]);
  }
  const strings = Array.isArray(value) ? (value as string[]) : ((value as string).match(/[\s\S]{1,255}/g) ?? [""]);
  return Buffer.concat(strings.map((s) => Buffer.concat([Buffer.from([Buffer.byteLength(s)]), Buffer.from(s)])));
}

/**
 * A tiny authoritative DNS responder over UDP on 127.0.0.1 for tests: A, MX and TXT from a zone; NXDOMAIN for names
 * it does not know, NOERROR with no answers (NODATA) for a known name without that type; `fail` answers SERVFAIL.
 * `queries` records what was asked (name and type), for tests that assert what the probe looked up.
 */
export async function startDnsServer(zone: Zone, options: { fail?: (name: string) => boolean } = {}): Promise<{ port: number; queries: string[]; close(): Promise<void> }> {
  const socket = createSocket("udp4");
  const queries: string[] = [];
  const lower = new Map(Object.entries(zone).map(([k, v]) => [k.toLowerCase(), v]));
  socket.on("message", (msg: Buffer, peer: RemoteInfo) => {
    if (msg.length < 12) return;
    const labels: string[] = [];
    let at = 12;
    while (at < msg.length && msg[at] !== 0) {
      const len = msg[at]!;
      labels.push(msg.subarray(at + 1, at + 1 + len).toString("ascii"));
      at += 1 + len;
    }
    const qEnd = at + 5;
    const qtype = msg.readUInt16BE(at + 1);
    const name = labels.join(".").toLowerCase();
    const type = TYPES[qtype];
    queries.push(`${name} ${type ?? qtype}`);
    const entry = lower.get(name);
    const failed = options.fail?.(name) === true;
    const values = entry !== undefined && type !== undefined ? (entry[type] ?? []) : [];
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2); // id
    const rd = msg[2]! & 0x01;
    header[2] = 0x84 | rd; // QR, AA, RD copied
    header[3] = 0x80 | (failed ? 2 : entry === undefined ? 3 : 0); // RA, rcode
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(failed ? 0 : values.length, 6);
    const answers = failed
      ? []
      : values.map((v) => {
          const data = rdata(type!, v);
          const rr = Buffer.alloc(12);
          rr.writeUInt16BE(0xc00c, 0); // pointer to the question's name
          rr.writeUInt16BE(CODES[type!], 2);
          rr.writeUInt16BE(1, 4);
          rr.writeUInt32BE(60, 6);
          rr.writeUInt16BE(data.length, 10);
          return Buffer.concat([rr, data]);
        });
    socket.send(Buffer.concat([header, msg.subarray(12, qEnd), ...answers]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return { port: (socket.address() as AddressInfo).port, queries, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}
