import { CreateBucketCommand, DeleteObjectCommand, HeadObjectCommand, ListObjectVersionsCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3Adapter } from "../../../src/aws/s3";
import { fixedClock } from "../../../src/core/clock";
import { OpsError } from "../../../src/core/errors";
import { appendToLedger, readLedger } from "../../../src/evidence/ledger/ledger";
import { parseS3Location, S3LedgerStore } from "../../../src/evidence/ledger/s3Store";
import { buildRecordBody, recordName, sealRecord, serializeRecord, type LedgerRecord } from "../../../src/evidence/ledger/record";
import { startMoto, type Moto } from "../../support/moto";
import { runAt } from "./support";

describe("src/evidence/ledger/s3Store (moto S3)", () => {
  let moto: Moto;
  let client: S3Client;
  let adapter: S3Adapter;
  // Object Lock needs a retain-until date in the future: the clock is now.
  const clock = fixedClock(new Date());

  beforeAll(async () => {
    moto = await startMoto();
    client = new S3Client({ ...moto.clientConfig, forcePathStyle: true });
    adapter = new S3Adapter(moto.clientConfig);
    const where = { CreateBucketConfiguration: { LocationConstraint: "eu-west-1" as const } };
    await client.send(new CreateBucketCommand({ Bucket: "evidence-locked", ObjectLockEnabledForBucket: true, ...where }));
    await client.send(new CreateBucketCommand({ Bucket: "evidence-plain", ...where }));
  });
  afterAll(async () => {
    client.destroy();
    adapter.destroy();
    await moto.stop();
  });

  const store = (bucket: string, prefix = "soc2") => new S3LedgerStore(adapter, bucket, prefix, 730, clock);
  const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as OpsError);

  it("parses s3://bucket/prefix and refuses a malformed location (exit 2)", () => {
    expect([parseS3Location("s3://evidence-locked/soc2/prod/"), parseS3Location("s3://evidence-locked"), parseS3Location(".evidence-ledger")]).toEqual([
      { bucket: "evidence-locked", prefix: "soc2/prod" },
      { bucket: "evidence-locked", prefix: "" },
      undefined,
    ]);
    expect(() => parseS3Location("s3://Bad_Bucket/x")).toThrow("--ledger s3://Bad_Bucket/x: expected s3://<bucket>/<prefix> with a valid bucket name");
  });

  it("appends records with COMPLIANCE retention 730 days ahead and reads the chain back", async () => {
    const s = store("evidence-locked");
    await appendToLedger(s, runAt("2026-11-01T06:00:00Z"));
    const second = await appendToLedger(s, runAt("2026-11-02T06:00:00Z", { failing: true }));
    const head = await client.send(new HeadObjectCommand({ Bucket: "evidence-locked", Key: "soc2/records/00000002.json" }));
    expect([head.ObjectLockMode, head.ObjectLockRetainUntilDate?.getTime()]).toEqual(["COMPLIANCE", clock.now().getTime() + 730 * 86_400_000]);
    const chain = await readLedger(s);
    expect([chain.ok, chain.records.map((r) => r.seq), chain.records[1]!.hash]).toEqual([true, [1, 2], second.hash]);
  });

  it("reads more records than one batch of reads, in chain order", async () => {
    const s = store("evidence-locked", "many");
    await s.prepare();
    let last: LedgerRecord | undefined;
    for (let d = 1; d <= 18; d++) {
      last = sealRecord(buildRecordBody(runAt(`2026-11-${String(d).padStart(2, "0")}T06:00:00Z`), last));
      await s.create(recordName(last), serializeRecord(last));
    }
    const chain = await readLedger(s);
    expect([chain.ok, chain.records.map((r) => r.seq)]).toEqual([true, Array.from({ length: 18 }, (_, i) => i + 1)]);
  });

  it("cannot delete a record version under retention (S3 refuses with AccessDenied)", async () => {
    const versions = await client.send(new ListObjectVersionsCommand({ Bucket: "evidence-locked", Prefix: "soc2/records/00000001" }));
    const version = versions.Versions![0]!;
    const err = await client.send(new DeleteObjectCommand({ Bucket: "evidence-locked", Key: version.Key!, VersionId: version.VersionId! })).catch((e: unknown) => e as Error);
    expect((err as Error).name).toBe("AccessDenied");
  });

  it("names a record that was replaced by a newer version with other content", async () => {
    const s = store("evidence-locked", "tampered");
    await appendToLedger(s, runAt("2026-11-01T06:00:00Z", { failing: true }));
    await appendToLedger(s, runAt("2026-11-02T06:00:00Z"));
    const key = "tampered/records/00000001.json";
    const text = await adapter.readText("evidence-locked", key);
    await client.send(new PutObjectCommand({ Bucket: "evidence-locked", Key: key, Body: text!.replace('"status": "fail"', '"status": "pass"') }));
    const chain = await readLedger(s);
    expect(chain.problems.map((p) => [p.record, p.message.split(":")[0]])).toEqual([["00000001.json", "edited"]]);
  });

  it("refuses a bucket without Object Lock (exit 3) and writes nothing", async () => {
    const err = await failure(appendToLedger(store("evidence-plain"), runAt("2026-11-01T06:00:00Z")));
    expect([err?.code, err?.exitCode, err?.message]).toEqual([
      "E_LEDGER_NO_OBJECT_LOCK",
      3,
      "s3://evidence-plain/soc2: bucket evidence-plain does not have Object Lock enabled; the evidence ledger needs records nobody can delete",
    ]);
    const listed = await client.send(new ListObjectVersionsCommand({ Bucket: "evidence-plain" }));
    expect(listed.Versions ?? []).toEqual([]);
  });

  it("reports a missing bucket as E_AWS_NOT_FOUND naming GetObjectLockConfiguration", async () => {
    const err = await failure(appendToLedger(store("no-such-bucket"), runAt("2026-11-01T06:00:00Z")));
    expect([err?.code, err?.exitCode, err?.message.startsWith("S3 GetObjectLockConfiguration failed: NoSuchBucket")]).toEqual(["E_AWS_NOT_FOUND", 3, true]);
  });

  it("never overwrites a record: a record name that exists is a conflict (If-None-Match)", async () => {
    const s = store("evidence-locked", "race");
    await appendToLedger(s, runAt("2026-11-01T06:00:00Z"));
    const err = await failure(s.create("00000001.json", "{}"));
    expect([err?.code, err?.exitCode]).toEqual(["E_LEDGER_CONFLICT", 3]);
  });
});
