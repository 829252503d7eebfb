import { afterAll, describe, expect, it } from "vitest";
import { runCliCapture } from "../support/cli";
import { scratch } from "../support/tmp";

const tmp = scratch("emailmate-main-");
afterAll(() => tmp.cleanup());

describe("src/cli/main", () => {
  it("prints a usage error as JSON on stdout with --json (exit 2)", async () => {
    const r = await runCliCapture(["tenants", "new", "acme2", "--json"], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ ok: false, error: { code: "E_USAGE", message: "required option '--name <name>' not specified" } });
    expect(r.stderr).toBe("error: required option '--name <name>' not specified\n");
  });

  it("prints an unknown command as JSON on stdout with --json (exit 2)", async () => {
    const r = await runCliCapture(["tenants", "frobnicate", "--json"], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ ok: false, error: { code: "E_USAGE", message: "unknown command 'frobnicate'" } });
  });

  it("keeps stdout empty on a usage error without --json", async () => {
    const r = await runCliCapture(["tenants", "frobnicate"], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
  });

  it("reports a file-system refusal as an environment error (exit 3), not an internal one", async () => {
    const file = tmp.write("not-a-folder", "x");
    const r = await runCliCapture(["incident", "list", "--incidents-dir", file, "--json"], { cwd: tmp.dir });
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      error: { code: "E_FILE_SYSTEM", message: `cannot scandir ${file}: a part of the path is not a folder (ENOTDIR)`, hint: "check the path and its permissions" },
    });
  });
});
