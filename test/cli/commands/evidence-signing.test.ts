import { CreateAliasCommand, DisableKeyCommand, GetPublicKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { createPublicKey } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchLogEvents } from "../../../src/audit/batch";
import { CloudWatchLogsAdapter } from "../../../src/aws/logs";
import { fixedClock } from "../../../src/core/clock";
import { tenantNames } from "../../../src/tenants/names";
import { makeDataset } from "../../audit/exportData";
import { runCliCapture } from "../../support/cli";
import { startMoto, type Moto } from "../../support/moto";
import { signingKey } from "../../signing/support";

const ROOT = join(__dirname, "../../..");
const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const clock = fixedClock(new Date(today + 60_000).toISOString());
const ALIAS = "alias/emailmate/evidence-signing";

let moto: Moto;
let kms: KMSClient;
let cwd: string;
let env: Record<string, string>;
let keyId: string;
let otherKeyId: string;

/** The key's public key as PEM, fetched with the SDK here (independent of the code under test). */
async function pem(id: string): Promise<string> {
  const out = await kms.send(new GetPublicKeyCommand({ KeyId: id }));
  return createPublicKey({ key: Buffer.from(out.PublicKey!), format: "der", type: "spki" }).export({ type: "spki", format: "pem" }).toString();
}

beforeAll(async () => {
  moto = await startMoto();
  kms = new KMSClient(moto.clientConfig);
  keyId = await signingKey(kms);
  otherKeyId = await signingKey(kms);
  await kms.send(new CreateAliasCommand({ AliasName: ALIAS, TargetKeyId: keyId }));
  cwd = mkdtempSync(join(tmpdir(), "evidence-signing-"));
  for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml"]) cpSync(join(ROOT, f), join(cwd, f));
  cpSync(join(ROOT, "tenants"), join(cwd, "tenants"), { recursive: true });
  writeFileSync(join(cwd, "key.pem"), await pem(keyId));
  writeFileSync(join(cwd, "other.pem"), await pem(otherKeyId));
  env = { AWS_ENDPOINT_URL: moto.endpoint, AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", USER: "auditor" };
});
afterAll(async () => {
  kms?.destroy();
  await moto?.stop();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

const cli = (args: string[]) => runCliCapture(args, { cwd, env, clock });
let bundles = 0;
async function signedBundle(): Promise<string> {
  const out = `signed-${++bundles}`;
  const r = await cli(["evidence", "--out", out, "--sign-key", ALIAS, "--ledger", "ledger"]);
  expect(r.code).toBe(0);
  return out;
}

describe("src/cli/commands/evidence --sign-key and evidence verify (moto KMS)", () => {
  it("signs manifest.json, records the signer in the ledger, and verifies offline against the pinned public key", async () => {
    const out = await signedBundle();
    const sig = JSON.parse(readFileSync(join(cwd, out, "manifest.sig.json"), "utf8"));
    const arn = `arn:aws:kms:eu-west-1:123456789012:key/${keyId}`;
    expect([sig.keyId, sig.publicKey, sig.signingAlgorithm]).toEqual([arn, readFileSync(join(cwd, "key.pem"), "utf8"), "ECDSA_SHA_256"]);
    const offline = await runCliCapture(["evidence", "verify", out, "--public-key", "key.pem"], { cwd, env: {}, clock });
    expect([offline.code, offline.stdout]).toEqual([0, `ok: ${out} is intact: 11 files match manifest.json (emailmate-ops/soc2-evidence); signed by ${arn} at ${clock.now().toISOString()} (public key sha256 ${sig.publicKeySha256}, the key given)\n`]);
    const byKms = await cli(["evidence", "verify", out, "--key", ALIAS, "--json"]);
    expect([byKms.code, JSON.parse(byKms.stdout).signature.trusted]).toEqual([0, true]);
  });

  it("fails an edited file, naming it (exit 1)", async () => {
    const out = await signedBundle();
    writeFileSync(join(cwd, out, "report.html"), readFileSync(join(cwd, out, "report.html"), "utf8").replace("fail", "pass"));
    const r = await cli(["evidence", "verify", out, "--public-key", "key.pem"]);
    expect([r.code, r.stdout.replace(/[0-9a-f]{64}/g, "H").replace(/\d+ bytes/g, "N bytes")]).toEqual([1, `FAILED: ${out}/report.html: edited: N bytes with sha256 H, the manifest says N bytes with sha256 H\n`]);
  });

  it("fails a manifest edited to cover an edited file (exit 1)", async () => {
    const out = await signedBundle();
    const manifest = JSON.parse(readFileSync(join(cwd, out, "manifest.json"), "utf8"));
    manifest.generatedAt = "2026-01-01T00:00:00.000Z";
    writeFileSync(join(cwd, out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
    const r = await cli(["evidence", "verify", out, "--public-key", "key.pem"]);
    expect([r.code, r.stdout.replace(/[0-9a-f]{64}/g, "H")]).toEqual([1, `FAILED: ${out}/manifest.json: not the manifest that was signed: it hashes to H, the signature covers H (edited or swapped)\n`]);
  });

  it("fails a manifest swapped in from another signed bundle (exit 1)", async () => {
    const [a, b] = [await signedBundle(), await signedBundle()];
    // Another bundle of the same day: a different ledger position and file set would still hash the same, so change a file first.
    writeFileSync(join(cwd, b, "README.txt"), "another bundle\n");
    const bManifest = JSON.parse(readFileSync(join(cwd, b, "manifest.json"), "utf8"));
    bManifest.files.find((f: { path: string }) => f.path === "README.txt").sha256 = "0".repeat(64);
    writeFileSync(join(cwd, b, "manifest.json"), JSON.stringify(bManifest, null, 2) + "\n");
    cpSync(join(cwd, b, "manifest.json"), join(cwd, a, "manifest.json"));
    const r = await cli(["evidence", "verify", a, "--public-key", "key.pem", "--json"]);
    const data = JSON.parse(r.stdout);
    expect([r.code, data.problem.file, data.problem.message.startsWith("not the manifest that was signed")]).toEqual([1, "manifest.json", true]);
  });

  it("fails against a wrong key, naming the key that signed (exit 1)", async () => {
    const out = await signedBundle();
    const r = await cli(["evidence", "verify", out, "--public-key", "other.pem"]);
    expect([r.code, r.stdout.replace(/[0-9a-f]{64}/g, "H")]).toEqual([
      1,
      `FAILED: ${out}/manifest.sig.json: the signature does not verify against the given public key (sha256 H); it names key arn:aws:kms:eu-west-1:123456789012:key/${keyId} (public key sha256 H): signed with another key\n`,
    ]);
  });

  it("fails an unsigned bundle when a key is pinned (exit 1)", async () => {
    await cli(["evidence", "--out", "unsigned", "--no-ledger"]);
    const r = await cli(["evidence", "verify", "unsigned", "--public-key", "key.pem"]);
    expect([r.code, r.stdout]).toEqual([1, "FAILED: unsigned/manifest.sig.json: missing: the folder is not signed, so it cannot be checked against the given public key\n"]);
  });

  it("removes the signature of an earlier run when a later run into the same folder is not signed", async () => {
    const out = await signedBundle();
    const r = await cli(["evidence", "--out", out, "--no-ledger"]);
    const v = await cli(["evidence", "verify", out]);
    expect([r.code, existsSync(join(cwd, out, "manifest.sig.json")), v.code]).toEqual([0, false, 0]);
  });

  it("refuses a disabled key before writing anything (exit 3)", async () => {
    const id = await signingKey(kms);
    await kms.send(new DisableKeyCommand({ KeyId: id }));
    const r = await cli(["evidence", "--out", "disabled", "--sign-key", id, "--ledger", "ledger-disabled"]);
    expect([r.code, r.stderr.split("\n")[0], existsSync(join(cwd, "disabled")), existsSync(join(cwd, "ledger-disabled/records/00000001"))]).toEqual([
      3,
      `error: cannot sign with KMS key arn:aws:kms:eu-west-1:123456789012:key/${id}: its state is Disabled; Sign needs an enabled key (KMS answers DisabledException)`,
      false,
      false,
    ]);
  });

  it("signs a period bundle and verifies it, ledger chain included", async () => {
    await signedBundle();
    const day = clock.now().toISOString().slice(0, 10);
    const r = await cli(["evidence", "--period", `${day}..${day}`, "--ledger", "ledger", "--out", "period", "--seed", "x", "--sign-key", ALIAS]);
    const v = await cli(["evidence", "verify", "period", "--public-key", "key.pem", "--json"]);
    expect([r.code, v.code, JSON.parse(v.stdout).kind, JSON.parse(v.stdout).files]).toEqual([0, 0, "emailmate-ops/soc2-period-evidence", 10]);
  });

  it("fails an unsigned period bundle whose ledger record was edited and re-hashed in the manifest (chain check)", async () => {
    const day = clock.now().toISOString().slice(0, 10);
    await cli(["evidence", "--period", `${day}..${day}`, "--ledger", "ledger", "--out", "period-2", "--seed", "x"]);
    const path = join(cwd, "period-2/ledger.jsonl");
    writeFileSync(path, readFileSync(path, "utf8").replace('"status":"pass"', '"status":"fail"'));
    const manifest = JSON.parse(readFileSync(join(cwd, "period-2/manifest.json"), "utf8"));
    const entry = manifest.files.find((f: { path: string }) => f.path === "ledger.jsonl");
    entry.sha256 = (await import("node:crypto")).createHash("sha256").update(readFileSync(path)).digest("hex");
    writeFileSync(join(cwd, "period-2/manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
    const v = await cli(["evidence", "verify", "period-2", "--json"]);
    const problem = JSON.parse(v.stdout).problem;
    expect([v.code, problem.file, problem.message]).toEqual([1, "ledger.jsonl", expect.stringMatching(/^record 00000001\.json: edited: its content hashes to /)]);
  });
});

describe("src/cli/commands/audit-export --sign-key and audit verify (moto)", () => {
  const from = new Date(today - 3 * DAY).toISOString();
  const to = new Date(today - 2 * DAY).toISOString();

  beforeAll(async () => {
    mkdirSync(join(cwd, "audit-tenants"));
    writeFileSync(join(cwd, "audit-tenants/acme.yaml"), "id: acme\nname: Acme\nplan: pro\nregion: eu-west-1\ncontacts:\n  security: security@acme.example\nsending:\n  domains: [mail.acme.example]\n");
    const logs = new CloudWatchLogsAdapter(moto.clientConfig);
    const group = tenantNames("acme").auditLogGroup;
    await logs.ensureGroup(group);
    const data = makeDataset("acme", today - 3 * DAY, 1, 40);
    await logs.ensureStream(group, "s");
    for (const batch of batchLogEvents(data.logEvents.map((e) => ({ timestamp: e.timestamp, message: e.message })))) await logs.putEvents(group, "s", batch);
    logs.destroy();
  });

  const exportTo = (out: string, ...more: string[]) => cli(["audit", "export", "--tenant", "acme", "--tenants", "audit-tenants", "--from", from, "--to", to, "--out", out, "--workers", "0", ...more]);

  it("signs the export's manifest; audit verify checks hashes, Merkle root and the signature against the pinned key", async () => {
    const e = await exportTo("export-signed", "--sign-key", ALIAS, "--json");
    expect([e.code, JSON.parse(e.stdout).signature.keyId]).toEqual([0, `arn:aws:kms:eu-west-1:123456789012:key/${keyId}`]);
    const v = await runCliCapture(["audit", "verify", "export-signed", "--public-key", "key.pem", "--json"], { cwd, env: {}, clock });
    const data = JSON.parse(v.stdout);
    expect([v.code, data.ok, data.signature.ok, data.signature.trusted, data.unlisted]).toEqual([0, true, true, true, []]);
  });

  it("signs a finished export afterwards with --resume --sign-key", async () => {
    await exportTo("export-late");
    const resumed = await exportTo("export-late", "--resume", "--sign-key", ALIAS);
    const v = await cli(["audit", "verify", "export-late", "--public-key", "key.pem"]);
    expect([resumed.code, v.code, v.stdout.includes(`signed by arn:aws:kms:eu-west-1:123456789012:key/${keyId}`)]).toEqual([0, 0, true]);
  });

  it("names a swapped manifest, a wrong key and an edited Merkle root (exit 1)", async () => {
    await exportTo("export-a", "--sign-key", ALIAS);
    const wrong = await cli(["audit", "verify", "export-a", "--public-key", "other.pem"]);
    const manifest = JSON.parse(readFileSync(join(cwd, "export-a/manifest.json"), "utf8"));
    writeFileSync(join(cwd, "export-a/manifest.json"), JSON.stringify({ ...manifest, merkle: { ...manifest.merkle, root: "0".repeat(64) } }, null, 2) + "\n");
    const swapped = await cli(["audit", "verify", "export-a", "--public-key", "key.pem"]);
    rmSync(join(cwd, "export-a/manifest.sig.json"));
    const unsigned = await cli(["audit", "verify", "export-a"]);
    expect([wrong.code, wrong.stdout.startsWith("FAILED: export-a/manifest.sig.json: the signature does not verify against the given public key")]).toEqual([1, true]);
    expect([swapped.code, swapped.stdout.startsWith("FAILED: export-a/manifest.json: not the manifest that was signed")]).toEqual([1, true]);
    expect([unsigned.code, unsigned.stdout.replace(/[0-9a-f]{64}/g, "H")]).toEqual([1, "FAILED: export-a/manifest.json: merkle.root is H, the events give H\n"]);
  });
});

describe("src/cli/commands/audit-export --sign-key (key checked first)", () => {
  it("refuses a disabled key before exporting anything (exit 3)", async () => {
    const id = await signingKey(kms);
    await kms.send(new DisableKeyCommand({ KeyId: id }));
    const r = await cli(["audit", "export", "--tenant", "acme", "--tenants", "audit-tenants", "--from", new Date(today - 3 * DAY).toISOString(), "--to", new Date(today - 2 * DAY).toISOString(), "--out", "export-disabled", "--sign-key", id]);
    expect([r.code, r.stderr.split("\n")[0], existsSync(join(cwd, "export-disabled"))]).toEqual([
      3,
      `error: cannot sign with KMS key arn:aws:kms:eu-west-1:123456789012:key/${id}: its state is Disabled; Sign needs an enabled key (KMS answers DisabledException)`,
      false,
    ]);
  });
});
