import { cpSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCliCapture } from "../support/cli";
import { scratch } from "../support/tmp";

const REPO = join(__dirname, "..", "..");
let tmp: ReturnType<typeof scratch>;
beforeEach(() => {
  tmp = scratch("stack-rules-");
  for (const f of ["tenants", "Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml"]) cpSync(join(REPO, f), join(tmp.dir, f), { recursive: true });
});
afterEach(() => tmp.cleanup());

const cli = (...argv: string[]) => runCliCapture(argv, { cwd: tmp.dir });

describe("cli tenants validate: what AWS and Vercel would refuse, across the project's stacks", () => {
  it("accepts the shipped tenants and stack files", async () => {
    expect(await cli("tenants", "validate")).toEqual({ code: 0, stdout: "ok: 3 tenants valid (acme, globex, initech)\n", stderr: "" });
  });

  it("refuses two stacks claiming the Vercel domain emailmate.dev, located in the stack file", async () => {
    tmp.write("Pulumi.dev.yaml", 'config:\n  aws:region: eu-west-1\n  emailmate-ops:accountId: "111111111111"\n');
    const run = await cli("tenants", "validate");
    expect(run.code).toBe(2);
    expect(run.stdout).toBe(
      "Pulumi.prod.yaml:8:33: E_DUPLICATE_DOMAIN config.emailmate-ops:platformDomain: platform domain emailmate.dev is already claimed by stack dev (Pulumi.dev.yaml:1:1); expected each stack holding the platform to serve its own domain (e.g. prod.emailmate.dev)\n1 problem in 1 file\n",
    );
  });

  it("refuses a us-gov tenant deployed by aws stacks, at the tenant's region line (exit 2), and check stops there too", async () => {
    tmp.write("tenants/initech.yaml", "id: initech\nname: Initech\nplan: free\nregion: us-gov-west-1\ncontacts:\n  security: s@initech.example\nsending:\n  domains: [mail.initech.example]\n");
    const run = await cli("tenants", "validate", "--json");
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).diagnostics).toEqual([
      {
        file: "tenants/initech.yaml",
        line: 4,
        col: 9,
        code: "E_VALUE",
        path: "region",
        message: "region us-gov-west-1 is in partition aws-us-gov, but stack dev (Pulumi.dev.yaml) deploys to partition aws; expected a region of partition aws, or a stack of partition aws-us-gov for this tenant",
      },
      {
        file: "tenants/initech.yaml",
        line: 4,
        col: 9,
        code: "E_VALUE",
        path: "region",
        message: "region us-gov-west-1 is in partition aws-us-gov, but stack prod (Pulumi.prod.yaml) deploys to partition aws; expected a region of partition aws, or a stack of partition aws-us-gov for this tenant",
      },
    ]);
    expect((await cli("check", "--json")).code).toBe(2);
  });

  it("refuses acme's old tracking domain, which no identity covers", async () => {
    tmp.write("tenants/acme.yaml", readFileSync(join(tmp.dir, "tenants/acme.yaml"), "utf8").replace(/trackingDomain: .*/, "trackingDomain: click.acme.example"));
    const run = await cli("tenants", "validate");
    expect(run.code).toBe(2);
    expect(run.stdout.split("\n")[0]).toMatch(/^tenants\/acme\.yaml:13:19: E_VALUE sending\.trackingDomain: expected the tracking domain to be a sending domain or a subdomain of one/);
  });

  it("tenants new refuses a region outside the stacks' partition (from --region), and writes nothing", async () => {
    const run = await cli("tenants", "new", "govco", "--name", "Gov Co", "--plan", "pro", "--region", "us-gov-west-1", "--security-contact", "s@govco.example", "--domain", "mail.govco.example");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("tenants/govco.yaml:6:9: E_VALUE region: region us-gov-west-1 is in partition aws-us-gov, but stack dev (Pulumi.dev.yaml) deploys to partition aws");
    expect(run.stderr).toContain("(from --region)");
    expect(existsSync(join(tmp.dir, "tenants/govco.yaml"))).toBe(false);
  });
});
