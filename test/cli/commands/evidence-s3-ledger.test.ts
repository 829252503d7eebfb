import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../../src/core/clock";
import { runCliCapture } from "../../support/cli";
import { startMoto, type Moto } from "../../support/moto";

const ROOT = join(__dirname, "../../..");
const DAY = 86_400_000;
// Object Lock retention must lie in the future of the real clock: the runs are dated today and the two days before.
const today = Math.floor(Date.now() / DAY) * DAY;
const dayOf = (back: number) => new Date(today - back * DAY).toISOString().slice(0, 10);

let moto: Moto;
let s3: S3Client;
let cwd: string;
let env: Record<string, string>;

beforeAll(async () => {
  moto = await startMoto();
  s3 = new S3Client({ ...moto.clientConfig, forcePathStyle: true });
  const where = { CreateBucketConfiguration: { LocationConstraint: "eu-west-1" as const } };
  await s3.send(new CreateBucketCommand({ Bucket: "emailmate-evidence", ObjectLockEnabledForBucket: true, ...where }));
  await s3.send(new CreateBucketCommand({ Bucket: "emailmate-plain", ...where }));
  cwd = mkdtempSync(join(tmpdir(), "evidence-s3-"));
  for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml"]) cpSync(join(ROOT, f), join(cwd, f));
  cpSync(join(ROOT, "tenants"), join(cwd, "tenants"), { recursive: true });
  env = { AWS_ENDPOINT_URL: moto.endpoint, AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" };
});
afterAll(async () => {
  s3?.destroy();
  await moto?.stop();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

describe("src/cli/commands/evidence --ledger s3:// (moto S3 with Object Lock)", () => {
  it("appends runs as locked objects, lists them with evidence ledger, and builds the period bundle from S3", async () => {
    for (const back of [2, 0]) {
      const r = await runCliCapture(["evidence", "--out", `out/${back}`, "--ledger", "s3://emailmate-evidence/soc2/prod", "--ledger-retain-days", "400"], { cwd, env, clock: fixedClock(`${dayOf(back)}T06:00:00Z`) });
      expect(r.code).toBe(0);
    }
    const keys = (await s3.send(new ListObjectsV2Command({ Bucket: "emailmate-evidence", Prefix: "soc2/prod/" }))).Contents!.map((o) => o.Key);
    const head = await s3.send(new HeadObjectCommand({ Bucket: "emailmate-evidence", Key: keys.find((k) => k!.includes("/records/00000002"))! }));
    expect([keys.length, head.ObjectLockMode, head.ObjectLockRetainUntilDate?.toISOString()]).toEqual([3, "COMPLIANCE", new Date(Date.parse(`${dayOf(0)}T06:00:00Z`) + 400 * DAY).toISOString()]);
    const list = await runCliCapture(["evidence", "ledger", "s3://emailmate-evidence/soc2/prod", "--json"], { cwd, env });
    expect([list.code, JSON.parse(list.stdout).records]).toEqual([0, 2]);
    const period = await runCliCapture(["evidence", "--period", `${dayOf(2)}..${dayOf(0)}`, "--ledger", "s3://emailmate-evidence/soc2/prod", "--out", "period", "--seed", "1", "--json"], { cwd, env });
    const data = JSON.parse(period.stdout);
    expect([period.code, data.ledger.location, data.controls[0].status, data.controls[0].reason]).toEqual([0, "s3://emailmate-evidence/soc2/prod", "needs-review", "1 of 3 days without a run"]);
  });

  it("refuses a bucket without Object Lock with exit 3, before writing the bundle", async () => {
    const r = await runCliCapture(["evidence", "--out", "out/plain", "--ledger", "s3://emailmate-plain/soc2"], { cwd, env });
    expect([r.code, r.stderr.split("\n")[0], existsSync(join(cwd, "out/plain"))]).toEqual([
      3,
      "error: s3://emailmate-plain/soc2: bucket emailmate-plain does not have Object Lock enabled; the evidence ledger needs records nobody can delete",
      false,
    ]);
  });

  it("needs a region for an S3 ledger (exit 3)", async () => {
    const r = await runCliCapture(["evidence", "--out", "out/noregion", "--ledger", "s3://emailmate-evidence/x"], { cwd, env: { AWS_ENDPOINT_URL: moto.endpoint } });
    expect([r.code, r.stderr.split("\n")[0]]).toEqual([3, "error: no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION) to use the ledger s3://emailmate-evidence/x"]);
  });
});
