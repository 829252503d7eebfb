import { GetObjectCommand, GetObjectLockConfigurationCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { Readable } from "node:stream";
import type { AwsClientConfig } from "./config";
import { awsError } from "./errors";

/** What the audit exporter needs of S3: the keys under a prefix (in key order) and an object's bytes as a stream. */
export interface S3Port {
  listKeys(bucket: string, prefix: string): AsyncIterable<string>;
  openObject(bucket: string, key: string): Promise<Readable>;
}

/** A bucket's Object Lock setting (GetObjectLockConfiguration); `enabled: false` when the bucket has none. */
export interface ObjectLockSetting {
  readonly enabled: boolean;
  readonly defaultRetention?: { readonly mode?: string; readonly days?: number; readonly years?: number };
}

/** What the evidence ledger needs of S3: Object Lock, write-once objects under retention, listing and reading. */
export interface LockedBucketPort {
  listKeys(bucket: string, prefix: string): AsyncIterable<string>;
  objectLock(bucket: string): Promise<ObjectLockSetting>;
  /** The object's text, or undefined when there is no such key. */
  readText(bucket: string, key: string): Promise<string | undefined>;
  /**
   * PutObject. With `retainUntil`: Object Lock COMPLIANCE retention until then (nobody, root included, can delete or
   * overwrite that version before). With `ifNoneMatch`: only if the key does not exist yet (returns false if it does).
   */
  put(bucket: string, key: string, body: string, options: { retainUntil?: Date; ifNoneMatch?: boolean }): Promise<boolean>;
}

const errorName = (err: unknown): string => (err as { name?: string } | undefined)?.name ?? "";

/** The SDK adapter. With an explicit endpoint (moto, other emulators) it uses path-style addressing. */
export class S3Adapter implements S3Port, LockedBucketPort {
  private readonly client: S3Client;

  constructor(config: AwsClientConfig) {
    this.client = new S3Client({ ...config, ...(config.endpoint ? { forcePathStyle: true } : {}) });
  }

  async *listKeys(bucket: string, prefix: string): AsyncIterable<string> {
    let token: string | undefined;
    do {
      let out;
      try {
        out = await this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      } catch (err) {
        throw awsError("S3", "ListObjectsV2", err);
      }
      for (const o of out.Contents ?? []) if (o.Key !== undefined) yield o.Key;
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  async openObject(bucket: string, key: string): Promise<Readable> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return out.Body as Readable;
    } catch (err) {
      throw awsError("S3", "GetObject", err);
    }
  }

  async objectLock(bucket: string): Promise<ObjectLockSetting> {
    try {
      const out = await this.client.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
      const c = out.ObjectLockConfiguration;
      const r = c?.Rule?.DefaultRetention;
      return {
        enabled: c?.ObjectLockEnabled === "Enabled",
        ...(r !== undefined ? { defaultRetention: { ...(r.Mode ? { mode: r.Mode } : {}), ...(r.Days ? { days: r.Days } : {}), ...(r.Years ? { years: r.Years } : {}) } } : {}),
      };
    } catch (err) {
      // A bucket created without Object Lock answers 404 ObjectLockConfigurationNotFoundError.
      if (errorName(err) === "ObjectLockConfigurationNotFoundError") return { enabled: false };
      throw awsError("S3", "GetObjectLockConfiguration", err);
    }
  }

  async readText(bucket: string, key: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return await (out.Body as { transformToString(): Promise<string> }).transformToString();
    } catch (err) {
      if (errorName(err) === "NoSuchKey") return undefined;
      throw awsError("S3", "GetObject", err);
    }
  }

  async put(bucket: string, key: string, body: string, options: { retainUntil?: Date; ifNoneMatch?: boolean }): Promise<boolean> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: "application/json",
          // Object Lock parameters need an integrity checksum with the request (Content-MD5 or a flexible checksum).
          ChecksumAlgorithm: "SHA256",
          ...(options.retainUntil !== undefined ? { ObjectLockMode: "COMPLIANCE" as const, ObjectLockRetainUntilDate: options.retainUntil } : {}),
          ...(options.ifNoneMatch === true ? { IfNoneMatch: "*" } : {}),
        }),
      );
      return true;
    } catch (err) {
      if (options.ifNoneMatch === true && (errorName(err) === "PreconditionFailed" || (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 412)) return false;
      throw awsError("S3", "PutObject", err);
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
