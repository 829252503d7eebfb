import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSesV2, type FakeSesV2 } from "../fakes/sesv2Server";
import { startMoto, type Moto } from "../support/moto";
import { scratch } from "../support/tmp";

const root = join(__dirname, "..", "..");
const bin = join(root, "bin", "emailmate-ops.js");

/** The installed command as a process (the SDK reads profiles from the files the environment names). */
function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!existsSync(join(root, "dist", "cli.js"))) throw new Error("dist/ is missing: run `npm run build` (npm test does it first)");
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { PATH: process.env.PATH ?? "", HOME: env.HOME ?? "/nonexistent", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("check --live --profile (bin/emailmate-ops.js, src/live/settings)", () => {
  let moto: Moto;
  let fake: FakeSesV2;
  const tmp = scratch("emailmate-profile-");
  let env: Record<string, string>;

  beforeAll(async () => {
    [moto, fake] = await Promise.all([startMoto(), startFakeSesV2()]);
    env = {
      AWS_SHARED_CREDENTIALS_FILE: tmp.write("credentials", "[audit]\naws_access_key_id = testing\naws_secret_access_key = testing\n"),
      AWS_CONFIG_FILE: tmp.write("config", "[profile audit]\nregion = eu-west-1\n"),
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ENDPOINT_URL_SESV2: fake.endpoint,
      AWS_MAX_ATTEMPTS: "1",
      HOME: tmp.dir,
    };
  });
  afterAll(async () => {
    await Promise.all([moto.stop(), fake.stop()]);
    tmp.cleanup();
  });

  it("reads the account with the named profile's credentials: an empty account is all drift-missing, no errors", async () => {
    const r = await run(["policy", "check", "--live", "--region", "eu-west-1", "--profile", "audit", "--json"], env);
    const report = JSON.parse(r.stdout);
    const policies = [...new Set(report.findings.filter((f: { status: string }) => f.status !== "pass" && f.status !== "not-evaluated").map((f: { policy: string }) => f.policy))];
    expect([r.code, report.live.errors, policies]).toEqual([1, 0, ["drift-missing"]]);
  });

  it("exits 3 naming the profile when it does not exist", async () => {
    const r = await run(["policy", "check", "--live", "--region", "eu-west-1", "--profile", "nobody"], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: live collection failed: nothing could be read in eu-west-1 \(profile nobody\): STS GetCallerIdentity failed: CredentialsProviderError: /);
    expect(r.stderr).toContain("hint: set AWS credentials: --profile");
  });
});
