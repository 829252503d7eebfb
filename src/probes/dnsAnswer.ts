/** A DNS answer as data: records, or why there are none. `nodata`/`nxdomain` are answers; anything else is an error. */
export type DnsAnswer<T> =
  | { readonly ok: true; readonly records: readonly T[] }
  | { readonly ok: false; readonly kind: "nodata" | "nxdomain" | "error"; readonly code: string; readonly message: string };

export interface MxRecord {
  readonly exchange: string;
  readonly priority: number;
}

/** The DNS reads the mail probe needs (an edge: the adapter is node:dns; tests point it at a local server). */
export interface DnsReader {
  /** TXT records, each one's strings joined. */
  txt(name: string): Promise<DnsAnswer<string>>;
  mx(name: string): Promise<DnsAnswer<MxRecord>>;
  a(name: string): Promise<DnsAnswer<string>>;
}

/** The records of an answer, [] for nodata/nxdomain, undefined for an error. */
export function recordsOf<T>(a: DnsAnswer<T>): readonly T[] | undefined {
  return a.ok ? a.records : a.kind === "error" ? undefined : [];
}
