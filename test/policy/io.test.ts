import { afterAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock";
import { OpsError } from "../../src/core/errors";
import { readFileSource, readPolicyConfig, readSuppressions } from "../../src/policy/io";
import { scratch } from "../support/tmp";

const tmp = scratch("emailmate-policy-io-");
afterAll(() => tmp.cleanup());
tmp.write("folder/.keep", "");

function thrown(fn: () => unknown): OpsError {
  try {
    fn();
  } catch (err) {
    return err as OpsError;
  }
  throw new Error("expected a throw");
}

describe("src/policy/io", () => {
  it("refuses a folder given as --stack-export with exit 2", () => {
    const err = thrown(() => readFileSource(tmp.dir, { stackExport: "folder" }));
    expect([err.exitCode, err.code, err.message]).toEqual([2, "E_FILE_UNREADABLE", "folder: is a folder; expected a `pulumi stack export` file"]);
  });

  it("refuses a folder given as --preview-json with exit 2", () => {
    const err = thrown(() => readFileSource(tmp.dir, { previewJson: "folder" }));
    expect([err.exitCode, err.message]).toEqual([2, "folder: is a folder; expected `pulumi preview --json` output"]);
  });

  it("refuses a folder given as --config with exit 2", () => {
    const err = thrown(() => readPolicyConfig(tmp.dir, "folder"));
    expect([err.exitCode, err.message]).toEqual([2, "folder: is a folder; expected a policy-pack config JSON file"]);
  });

  it("says a missing --stack-export file does not exist", () => {
    const err = thrown(() => readFileSource(tmp.dir, { stackExport: "missing.json" }));
    expect([err.exitCode, err.message]).toEqual([2, "missing.json: no such file; expected a `pulumi stack export` file"]);
  });

  it("says a folder given as --suppressions is a folder", () => {
    const err = thrown(() => readSuppressions(tmp.dir, "folder", fixedClock("2026-11-29T12:00:00Z"), new Set()));
    expect([err.exitCode, err.message]).toEqual([2, "folder: is a folder; expected a suppressions YAML file"]);
  });
});
