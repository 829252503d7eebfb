import type { Clock } from "../../core/clock";
import { environmentError, usageError } from "../../core/errors";
import type { LockedBucketPort } from "../../aws/s3";
import type { StoredRecord } from "./chain";
import { conflict, parseHead, type LedgerHead, type LedgerStore } from "./store";

/** `s3://bucket/prefix` → bucket and prefix (no leading or trailing slash); undefined when not an s3:// location. */
export function parseS3Location(location: string): { bucket: string; prefix: string } | undefined {
  if (!location.startsWith("s3://")) return undefined;
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(location);
  if (m === null) throw usageError("E_LEDGER_LOCATION", `--ledger ${location}: expected s3://<bucket>/<prefix> with a valid bucket name`);
  return { bucket: m[1]!, prefix: (m[2] ?? "").replace(/^\/+|\/+$/g, "") };
}

/**
 * The production ledger: records in an S3 bucket with Object Lock, each written once (If-None-Match) with COMPLIANCE
 * retention for `retainDays`, so that nobody (root included) can delete or replace one before then. A bucket without
 * Object Lock is refused.
 */
export class S3LedgerStore implements LedgerStore {
  readonly location: string;
  private readonly base: string;

  constructor(
    private readonly s3: LockedBucketPort,
    private readonly bucket: string,
    prefix: string,
    private readonly retainDays: number,
    private readonly clock: Clock,
  ) {
    this.base = prefix === "" ? "" : `${prefix}/`;
    this.location = `s3://${bucket}${prefix === "" ? "" : `/${prefix}`}`;
  }

  async prepare(): Promise<void> {
    const lock = await this.s3.objectLock(this.bucket);
    if (!lock.enabled) {
      throw environmentError("E_LEDGER_NO_OBJECT_LOCK", `${this.location}: bucket ${this.bucket} does not have Object Lock enabled; the evidence ledger needs records nobody can delete`, {
        hint: "create the bucket with Object Lock (aws s3api create-bucket --object-lock-enabled-for-bucket …), or use a local folder with --ledger DIR",
      });
    }
  }

  async list(): Promise<StoredRecord[]> {
    const prefix = `${this.base}records/`;
    const keys: string[] = [];
    for await (const key of this.s3.listKeys(this.bucket, prefix)) keys.push(key);
    // A year of daily records is ~365 GETs: read them 16 at a time.
    const out: StoredRecord[] = [];
    for (let i = 0; i < keys.length; i += 16) {
      const texts = await Promise.all(keys.slice(i, i + 16).map((k) => this.s3.readText(this.bucket, k)));
      texts.forEach((text, j) => {
        if (text !== undefined) out.push({ name: keys[i + j]!.slice(prefix.length), text });
      });
    }
    return out;
  }

  async readHead(): Promise<LedgerHead | undefined> {
    const text = await this.s3.readText(this.bucket, `${this.base}HEAD.json`);
    return text === undefined ? undefined : parseHead(text, `${this.location}/HEAD.json`);
  }

  async create(name: string, text: string): Promise<void> {
    const retainUntil = new Date(this.clock.now().getTime() + this.retainDays * 86_400_000);
    const created = await this.s3.put(this.bucket, `${this.base}records/${name}`, text, { retainUntil, ifNoneMatch: true });
    if (!created) throw conflict(this.location, name);
  }

  async writeHead(head: LedgerHead): Promise<void> {
    await this.s3.put(this.bucket, `${this.base}HEAD.json`, JSON.stringify(head) + "\n", {});
  }
}
