import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCliCapture } from "../../support/cli";
import { scratch } from "../../support/tmp";

const tmp = scratch("emailmate-audit-verify-");
afterAll(() => tmp.cleanup());

describe("src/cli/commands/audit-verify", () => {
  it("refuses a --previous manifest that does not exist with exit 2", async () => {
    tmp.write("export/manifest.json", "{}");
    const r = await runCliCapture(["audit", "verify", "export", "--previous", "missing/manifest.json", "--json"], { cwd: tmp.dir });
    expect([r.code, JSON.parse(r.stdout)]).toEqual([
      2,
      { ok: false, error: { code: "E_USAGE", message: "--previous missing/manifest.json: no such file; expected the previous export's manifest.json" } },
    ]);
  });

  it("refuses a folder as --previous with exit 2", async () => {
    tmp.write("export/manifest.json", "{}");
    const r = await runCliCapture(["audit", "verify", "export", "--previous", join(tmp.dir, "export")], { cwd: tmp.dir });
    expect([r.code, r.stderr]).toEqual([2, `error: --previous ${join(tmp.dir, "export")}: no such file; expected the previous export's manifest.json\n`]);
  });
});
