import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCliCapture } from "../support/cli";
import { ACME_TENANT } from "../support/fixtures";
import { scratch } from "../support/tmp";

let tmp: ReturnType<typeof scratch>;
const git = (...args: string[]) => execFileSync("git", args, { cwd: tmp.dir, stdio: ["ignore", "pipe", "pipe"] });
const cli = (...argv: string[]) => runCliCapture(argv, { cwd: tmp.dir });

beforeEach(() => {
  tmp = scratch();
  tmp.write("tenants/acme.yaml", ACME_TENANT);
  git("init", "-q", "-b", "main");
  git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "root");
  git("add", "-A");
  git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "acme");
  git("checkout", "-q", "-b", "onboard-aaa");
  // The pull request adds aaa.yaml, which sorts before acme.yaml and reuses acme's domain.
  tmp.write("tenants/aaa.yaml", ACME_TENANT.replace("id: acme", "id: aaa"));
});
afterEach(() => tmp.cleanup());

const AGAINST_NEW = 'tenants/aaa.yaml:8:13: E_DUPLICATE_DOMAIN sending.domains.0: domain "mail.acme.example" is already used by tenant acme (tenants/acme.yaml:8:13); expected domains unique across tenants';

describe("cli tenants validate --base", () => {
  it("without --base reports the duplicate against the later file in sorted order", async () => {
    const run = await cli("tenants", "validate");
    expect(run.stdout.split("\n")[0]).toBe(
      'tenants/acme.yaml:8:13: E_DUPLICATE_DOMAIN sending.domains.0: domain "mail.acme.example" is already used by tenant aaa (tenants/aaa.yaml:8:13); expected domains unique across tenants',
    );
  });

  it("reports the duplicate against the file the pull request adds (untracked), naming the file that holds it", async () => {
    expect(await cli("tenants", "validate", "--base", "main")).toEqual({ code: 2, stdout: `${AGAINST_NEW}\n1 problem in 1 file\n`, stderr: "" });
  });

  it("does the same once the new file is committed on the branch", async () => {
    git("add", "-A");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "aaa");
    expect((await cli("tenants", "validate", "--base", "main")).stdout).toBe(`${AGAINST_NEW}\n1 problem in 1 file\n`);
  });

  it("takes the same flag in the main job (check --base), which stops at exit 2 with the same location", async () => {
    tmp.write("Pulumi.dev.yaml", 'config:\n  aws:region: eu-west-1\n  emailmate-ops:accountId: "111111111111"\n');
    const run = await cli("check", "--base", "main", "--json");
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error.diagnostics).toEqual([
      expect.objectContaining({ file: "tenants/aaa.yaml", line: 8, col: 13, code: "E_DUPLICATE_DOMAIN", path: "sending.domains.0" }),
    ]);
  });

  it("refuses an unknown base ref (exit 2) with a hint", async () => {
    const run = await cli("tenants", "validate", "--base", "origin/nope");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: --base origin\/nope: cannot compare with it \(.+\)\nhint: fetch the base branch first/);
  });
});

describe("cli tenants validate --base: a tracking domain verifies before it is used", () => {
  beforeEach(() => rmSync(join(tmp.dir, "tenants/aaa.yaml")));
  const withTracking = (tenant: string, domains: string, tracking: string) =>
    ACME_TENANT.replace("id: acme", `id: ${tenant}`).replace("[mail.acme.example]", `${domains}\n  trackingDomain: ${tracking}`);

  it("accepts a tracking domain under a sending domain the tenant already had at the base", async () => {
    tmp.write("tenants/acme.yaml", withTracking("acme", "[mail.acme.example]", "click.mail.acme.example"));
    expect(await cli("tenants", "validate", "--base", "main")).toEqual({ code: 0, stdout: "ok: 1 tenant valid (acme)\n", stderr: "" });
  });

  it("refuses one resting on a sending domain the same pull request adds (a new tenant), located", async () => {
    tmp.write("tenants/beta.yaml", withTracking("beta", "[mail.beta.example]", "click.mail.beta.example"));
    const run = await cli("tenants", "validate", "--base", "main");
    expect(run.code).toBe(2);
    expect(run.stdout).toBe(
      "tenants/beta.yaml:9:19: E_VALUE sending.trackingDomain: expected a tracking domain whose sending domain was verified before this pull request, got \"click.mail.beta.example\": it is covered only by mail.beta.example, which this pull request adds; SES refuses a tracking domain that is not yet verified (InvalidTrackingOptions) and the new identity verifies only after `pulumi up` and its DKIM records. Add the tracking domain in a later pull request, once mail.beta.example verifies\n1 problem in 1 file\n",
    );
    // Without --base nothing tells what is new: only the rule that a sending domain covers it applies.
    expect((await cli("tenants", "validate")).code).toBe(0);
  });
});
