import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCliCapture } from "../support/cli";
import { scratch } from "../support/tmp";
import { ACME_TENANT } from "../support/fixtures";

const ACME = ACME_TENANT;

let tmp: ReturnType<typeof scratch>;
beforeEach(() => {
  tmp = scratch();
  tmp.write("tenants/acme.yaml", ACME);
});
afterEach(() => tmp.cleanup());

const cli = (...argv: string[]) => runCliCapture(argv, { cwd: tmp.dir });

describe("cli tenants validate", () => {
  it("validates tenants/ by default and exits 0", async () => {
    expect(await cli("tenants", "validate")).toEqual({ code: 0, stdout: "ok: 1 tenant valid (acme)\n", stderr: "" });
  });

  it("prints located problems and a count, and exits 2", async () => {
    tmp.write("tenants/bad.yaml", "id: bad\nnmae: x\n");
    const run = await cli("tenants", "validate");
    expect(run.code).toBe(2);
    expect(run.stdout.split("\n")).toEqual([
      'tenants/bad.yaml:1:1: E_REQUIRED (document): missing required key "name" (the customer\'s display name, 1–100 characters)',
      'tenants/bad.yaml:1:1: E_REQUIRED (document): missing required key "plan" (the billing plan: free, pro or enterprise; audit-log exports need a paid plan)',
      'tenants/bad.yaml:1:1: E_REQUIRED (document): missing required key "region" (an AWS region where SES v2 is offered, e.g. eu-west-1)',
      'tenants/bad.yaml:1:1: E_REQUIRED (document): missing required key "contacts" (who to tell about incidents)',
      'tenants/bad.yaml:1:1: E_REQUIRED (document): missing required key "sending" (how the tenant sends)',
      'tenants/bad.yaml:2:1: E_UNKNOWN_KEY nmae: unknown key "nmae"; did you mean "name"?',
      "6 problems in 1 file",
      "",
    ]);
  });

  it("reports a scalar where a list is expected as located type errors (exit 2), not an internal error", async () => {
    tmp.write("tenants/acme.yaml", ACME.replace("domains: [mail.acme.example]", "domains: mail.x.example") + "keys:\n  - agent: bot\n    scopes: send\n");
    const run = await cli("tenants", "validate");
    expect(run.stdout.split("\n")).toEqual([
      'tenants/acme.yaml:8:12: E_TYPE sending.domains: expected a list, got the string "mail.x.example" (sending domains: 1–20 unique domain names, unique across all tenants)',
      'tenants/acme.yaml:11:13: E_TYPE keys.0.scopes: expected a list, got the string "send" (what the key may do)',
      "2 problems in 1 file",
      "",
    ]);
    expect(run.code).toBe(2);
  });

  it("says so when a folder has no tenant files, and exits 0", async () => {
    tmp.write("empty/README.md", "nothing here");
    expect(await cli("tenants", "validate", "empty")).toEqual({ code: 0, stdout: "ok: no tenant files (*.yaml) in empty\n", stderr: "" });
  });

  it("takes files and folders as arguments", async () => {
    tmp.write("other/globex.yaml", ACME.replace("id: acme", "id: globex").replace("mail.acme", "mail.globex"));
    expect((await cli("tenants", "validate", "tenants/acme.yaml", "other")).stdout).toBe("ok: 2 tenants valid (acme, globex)\n");
  });

  it("prints only JSON with --json", async () => {
    tmp.write("tenants/globex.yaml", ACME.replace("id: acme", "id: globex"));
    const run = await cli("tenants", "validate", "--json");
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      files: 2,
      tenants: [],
      diagnostics: [
        {
          file: "tenants/globex.yaml",
          line: 8,
          col: 13,
          code: "E_DUPLICATE_DOMAIN",
          path: "sending.domains.0",
          message: 'domain "mail.acme.example" is already used by tenant acme (tenants/acme.yaml:8:13); expected domains unique across tenants',
        },
      ],
    });
  });
});

describe("cli tenants new", () => {
  const args = ["tenants", "new", "globex", "--name", "Globex: Corp", "--plan", "enterprise", "--region", "us-east-1", "--security-contact", "sec@globex.example", "--domain", "mail.globex.example", "--domain", "news.globex.example"];

  it("writes a commented file that validates", async () => {
    const run = await cli(...args, "--dpo", "dpo@globex.example");
    expect(run).toEqual({
      code: 0,
      stdout: "wrote tenants/globex.yaml\nnext: review it, run `npx emailmate-ops tenants validate` and `npx emailmate-ops plan`, and open a pull request\n",
      stderr: "",
    });
    const text = readFileSync(join(tmp.dir, "tenants/globex.yaml"), "utf8");
    expect(text).toContain('name: "Globex: Corp"\n');
    expect(text).toContain("  dpo: dpo@globex.example  # data-protection officer\n");
    expect(text).toContain("    - mail.globex.example\n    - news.globex.example\n");
    expect(text).toContain("# must equal the file name");
    expect((await cli("tenants", "validate")).stdout).toBe("ok: 2 tenants valid (acme, globex)\n");
  });

  it("returns the file as JSON", async () => {
    const run = await cli(...args, "--json");
    expect(JSON.parse(run.stdout)).toEqual({ file: "tenants/globex.yaml", id: "globex" });
  });

  it("never overwrites an existing file", async () => {
    const run = await cli(...args.map((a) => (a === "globex" ? "acme" : a)));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: tenants/acme.yaml already exists; tenants new never overwrites (edit the file instead)\n");
    expect(readFileSync(join(tmp.dir, "tenants/acme.yaml"), "utf8")).toBe(ACME);
  });

  it("refuses a domain another tenant uses, and writes nothing", async () => {
    const run = await cli(...args.map((a) => (a === "news.globex.example" ? "MAIL.ACME.EXAMPLE" : a)));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "error: 1 problem in the new tenant globex (nothing written):\n" +
        'tenants/globex.yaml:13:7: E_DUPLICATE_DOMAIN sending.domains.1: domain "mail.acme.example" is already used by tenant acme (tenants/acme.yaml:8:13); expected domains unique across tenants (from --domain)\n',
    );
    expect(existsSync(join(tmp.dir, "tenants/globex.yaml"))).toBe(false);
  });

  it("refuses invalid values with the flag that gave them, and writes nothing", async () => {
    const run = await cli(...args.map((a) => (a === "enterprise" ? "gold" : a === "sec@globex.example" ? "nobody" : a)), "--retention-days", "30");
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n").slice(1, -1)).toEqual([
      'tenants/globex.yaml:5:7: E_VALUE plan: expected one of free, pro, enterprise, got the string "gold" (from --plan)',
      'tenants/globex.yaml:8:13: E_VALUE contacts.security: expected an email address, got the string "nobody" (from --security-contact)',
      "tenants/globex.yaml:18:18: E_VALUE audit.retentionDays: expected a CloudWatch Logs retention value of at least one year: 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653; got the number 30 (from --retention-days)",
    ]);
    expect(existsSync(join(tmp.dir, "tenants/globex.yaml"))).toBe(false);
  });

  it("refuses an id that tries path traversal before building a path", async () => {
    const run = await cli(...args.map((a) => (a === "globex" ? "../../etc/x" : a)));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "error: invalid tenant id \"../../etc/x\": expected 3-40 characters of lower-case letters, digits and '-', starting with a letter and not ending with '-'\n",
    );
  });

  it("reports missing required flags as a usage error (exit 2)", async () => {
    const run = await cli("tenants", "new", "globex", "--name", "G");
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: required option '--plan <plan>' not specified\n");
  });
});

describe("cli tenants list", () => {
  it("prints a table", async () => {
    tmp.write("tenants/globex.yaml", ACME.replace("id: acme", "id: globex").replace("[mail.acme.example]", "[a.globex.example, b.globex.example]").replace("plan: pro", "plan: enterprise"));
    expect((await cli("tenants", "list")).stdout).toBe(
      "ID      PLAN        REGION     DOMAINS\nacme    pro         eu-west-1  mail.acme.example\nglobex  enterprise  eu-west-1  a.globex.example, b.globex.example\n",
    );
  });

  it("prints JSON with --json", async () => {
    expect(JSON.parse((await cli("tenants", "list", "--json")).stdout)).toEqual({
      tenants: [{ id: "acme", name: "Acme Corp", plan: "pro", region: "eu-west-1", domains: ["mail.acme.example"] }],
    });
  });

  it("refuses to list invalid tenants (exit 2), with an error object under --json", async () => {
    tmp.write("tenants/bad.yaml", "");
    const run = await cli("tenants", "list", "--json");
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error).toEqual({
      code: "E_INVALID_INPUT",
      message: "1 problem in tenant files:\ntenants/bad.yaml:1:1: E_EMPTY_FILE (document): file is empty; expected a YAML mapping",
      diagnostics: [{ file: "tenants/bad.yaml", line: 1, col: 1, code: "E_EMPTY_FILE", path: "", message: "file is empty; expected a YAML mapping" }],
    });
  });
});

describe("cli program", () => {
  it("prints help with exit 0", async () => {
    const run = await cli("--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: emailmate-ops [options] [command]");
    expect(run.stdout).toContain("Exit codes: 0 ok, 1 findings, 2 invalid input or usage, 3 environment/AWS error, 70 internal error.");
  });

  it("exits 2 on an unknown command or option", async () => {
    expect((await cli("tenant", "validate")).code).toBe(2);
    const run = await cli("tenants", "validate", "--jsn");
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: unknown option '--jsn'\n(Did you mean --json?)\n");
  });

  it("exits 2 and shows help for a noun without a verb", async () => {
    const run = await cli("tenants");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Usage: emailmate-ops tenants [options] [command]");
  });
});
