import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findProjectRoot, projectMarker } from "../../src/config/projectRoot";
import { runCliCapture } from "../support/cli";
import { ACME_TENANT } from "../support/fixtures";
import { scratch } from "../support/tmp";

let tmp: ReturnType<typeof scratch>;
beforeEach(() => {
  tmp = scratch();
});
afterEach(() => tmp.cleanup());

const at = (rel: string, ...argv: string[]) => runCliCapture(argv, { cwd: join(tmp.dir, rel) });

describe("config/projectRoot findProjectRoot", () => {
  it("finds the nearest folder holding a package.json named emailmate-ops, walking up", () => {
    tmp.write("package.json", JSON.stringify({ name: "emailmate-ops" }));
    tmp.write("docs/deep/er/x.md", "x");
    expect(findProjectRoot(join(tmp.dir, "docs/deep/er"))).toBe(tmp.dir);
    expect(projectMarker(tmp.dir)).toBe("package.json named emailmate-ops");
  });

  it("takes a folder with Pulumi.yaml and tenants/, or tenants/ alone (a checkout of tenant data)", () => {
    tmp.write("a/Pulumi.yaml", "name: x\n");
    tmp.write("a/tenants/acme.yaml", ACME_TENANT);
    tmp.write("b/tenants/acme.yaml", ACME_TENANT);
    expect(projectMarker(join(tmp.dir, "a"))).toBe("Pulumi.yaml and tenants/");
    expect(projectMarker(join(tmp.dir, "b"))).toBe("tenants/");
  });

  it("prefers the project above to a nearer folder that only holds tenants/ (test fixtures inside the project)", () => {
    tmp.write("package.json", JSON.stringify({ name: "emailmate-ops" }));
    tmp.write("test/fixtures/tenants/acme.yaml", ACME_TENANT);
    expect(findProjectRoot(join(tmp.dir, "test/fixtures"))).toBe(tmp.dir);
    // with no project above, the folder holding tenants/ is the root
    const data = scratch();
    try {
      data.write("tenants/acme.yaml", ACME_TENANT);
      data.write("tenants/notes/x.md", "x");
      expect(findProjectRoot(join(data.dir, "tenants/notes"))).toBe(data.dir);
    } finally {
      data.cleanup();
    }
  });

  it("does not take another package's package.json, or a Pulumi.yaml alone", () => {
    tmp.write("package.json", JSON.stringify({ name: "something-else" }));
    tmp.write("Pulumi.yaml", "name: other\n");
    expect(projectMarker(tmp.dir)).toBeUndefined();
  });
});

describe("cli from a subfolder, and outside any project", () => {
  beforeEach(() => {
    tmp.write("package.json", JSON.stringify({ name: "emailmate-ops" }));
    tmp.write("tenants/acme.yaml", ACME_TENANT);
    tmp.write("tenants/globex.yaml", "id: globex\n");
    tmp.write("docs/README.md", "docs");
  });

  it("finds the project root from a subfolder: tenants/ is the project's, and files are named from the root", async () => {
    const run = await at("docs", "tenants", "validate");
    expect(run.code).toBe(2);
    expect(run.stdout.split("\n")[0]).toBe('tenants/globex.yaml:1:1: E_REQUIRED (document): missing required key "name" (the customer\'s display name, 1–100 characters)');
  });

  it("reads a path typed in a subfolder relative to that subfolder, as git does", async () => {
    expect(await at("tenants", "tenants", "validate", "acme.yaml")).toEqual({ code: 0, stdout: "ok: 1 tenant valid (acme)\n", stderr: "" });
  });

  it("rebases a path option typed in a subfolder (--tenants ../tenants from docs/)", async () => {
    tmp.write("tenants/globex.yaml", ACME_TENANT.replace("id: acme", "id: globex").replace("mail.acme", "mail.globex"));
    const run = await at("docs", "tenants", "list", "--tenants", "../tenants", "--json");
    expect([run.code, JSON.parse(run.stdout).tenants.map((t: { id: string }) => t.id)]).toEqual([0, ["acme", "globex"]]);
  });

  it("refuses a command that needs the project outside any project (exit 2) instead of using offline defaults", async () => {
    const outside = scratch();
    try {
      const run = await runCliCapture(["plan", "--json"], { cwd: outside.dir });
      expect(run.code).toBe(2);
      expect(JSON.parse(run.stdout).error).toEqual({
        code: "E_NO_PROJECT",
        message: `not inside an emailmate-ops project: no package.json named emailmate-ops, and no tenants/ folder, in ${outside.dir} or any folder above it`,
        hint: "run the command from the project (or a folder inside it)",
      });
    } finally {
      outside.cleanup();
    }
  });

  it("still validates files named explicitly outside any project", async () => {
    const outside = scratch();
    try {
      outside.write("x/acme.yaml", ACME_TENANT);
      expect(await runCliCapture(["tenants", "validate", "x"], { cwd: outside.dir })).toEqual({ code: 0, stdout: "ok: 1 tenant valid (acme)\n", stderr: "" });
    } finally {
      outside.cleanup();
    }
  });
});

describe("cli --json is a global option", () => {
  beforeEach(() => tmp.write("tenants/acme.yaml", ACME_TENANT));

  it.each([
    ["before the noun", ["--json", "tenants", "list"]],
    ["between noun and verb", ["tenants", "--json", "list"]],
    ["after the verb", ["tenants", "list", "--json"]],
  ])("is accepted %s", async (_where, argv) => {
    const run = await at(".", ...argv);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).tenants.map((t: { id: string }) => t.id)).toEqual(["acme"]);
  });

  it("turns a usage error into JSON wherever it stands", async () => {
    const run = await at(".", "--json", "tenants", "list", "--bogus");
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({ ok: false, error: { code: "E_USAGE", message: "unknown option '--bogus'" } });
  });
});
