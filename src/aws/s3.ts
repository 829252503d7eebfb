import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import type { Readable } from "node:stream";
import type { AwsClientConfig } from "./config";
import { awsError } from "./errors";

/** What the audit exporter needs of S3: the keys under a prefix (in key order) and an object's bytes as a stream. */
export interface S3Port {
  listKeys(bucket: string, prefix: string): AsyncIterable<string>;
  openObject(bucket: string, key: string): Promise<Readable>;
}

/** The SDK adapter. With an explicit endpoint (moto, other emulators) it uses path-style addressing. */
export class S3Adapter implements S3Port {
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

  destroy(): void {
    this.client.destroy();
  }
}
