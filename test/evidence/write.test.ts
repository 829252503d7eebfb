import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OpsError } from "../../src/core/errors";
import { writeEvidence } from "../../src/evidence/write";
import { scratch } from "../support/tmp";

const tmp = scratch("emailmate-evidence-write-");
afterAll(() => tmp.cleanup());

describe("src/evidence/write", () => {
  it("creates the folder and writes every file", () => {
    const dir = join(tmp.dir, "a", "b");
    writeEvidence(dir, [{ path: "x.txt", content: "x" }]);
    expect(readFileSync(join(dir, "x.txt"), "utf8")).toBe("x");
  });

  it("refuses a file given as the folder with exit 2", () => {
    const file = tmp.write("not-a-folder", "keep me");
    let err: unknown;
    try {
      writeEvidence(file, [{ path: "x.txt", content: "x" }]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OpsError);
    expect([(err as OpsError).exitCode, (err as OpsError).message]).toEqual([2, `${file} is a file; expected a folder for the evidence bundle`]);
    expect(readFileSync(file, "utf8")).toBe("keep me");
  });
});
