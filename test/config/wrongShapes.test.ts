import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { fixedClock } from "../../src/core/clock";
import { DiagnosticsError, type Diagnostic } from "../../src/config/diagnostics";
import { parseRunbook } from "../../src/incident/load";
import { readStackFile } from "../../src/plan";
import { ALL_CHECKS } from "../../src/policy/checks";
import { resolvePolicies } from "../../src/policy/engine/config";
import { readPolicyConfig } from "../../src/policy/io";
import { parseSuppressions } from "../../src/policy/suppressions";
import { OpsError } from "../../src/core/errors";
import { scratch } from "../support/tmp";
import { withValue } from "../support/shapes";

const REPO = join(__dirname, "..", "..");
const SHAPES: readonly unknown[] = [{ a: 1 }, ["x"], "word", 7, true, null];

/** Every path into a value (lists: their first two items), down to `depth`. */
function paths(v: unknown, depth: number, p: (string | number)[] = []): (string | number)[][] {
  const out = [p];
  if (p.length >= depth) return out;
  if (Array.isArray(v)) v.slice(0, 2).forEach((x, i) => out.push(...paths(x, depth, [...p, i])));
  else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push(...paths(x, depth, [...p, k]));
  return out;
}

/** Each variant: the file with one value replaced by a value of another shape. */
function variants(doc: unknown, depth: number): { at: string; text: string }[] {
  return paths(doc, depth).flatMap((p) =>
    SHAPES.filter((s) => JSON.stringify(s) !== JSON.stringify(p.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)?.[k], doc))).map((s) => ({
      at: `${p.join(".") || "(document)"} = ${JSON.stringify(s)}`,
      text: stringify(withValue(doc, p, s)),
    })),
  );
}

const located = (ds: readonly Diagnostic[]) => ds.length > 0 && ds.every((d) => d.line >= 1 && d.col >= 1 && d.message.length > 0);

describe("every YAML the project reads, given values of the wrong shape, answers with located problems (never a crash)", () => {
  it("runbooks", () => {
    const doc = parse(readFileSync(join(REPO, "runbooks", "tenant-reputation.yaml"), "utf8"));
    for (const v of variants(doc, 3)) {
      const parsed = parseRunbook("runbooks/tenant-reputation.yaml", Buffer.from(v.text));
      if (parsed.runbook === undefined) expect(located(parsed.diagnostics), v.at).toBe(true);
    }
  });

  it("suppressions", () => {
    const doc = { suppressions: [{ policy: "aws-kms-key-enable-key-rotation", resource: "urn:*", reason: "accepted by security@emailmate.dev (SEC-1)", expires: "2027-01-31" }] };
    for (const v of variants(doc, 3)) {
      const parsed = parseSuppressions("policies/suppressions.yaml", Buffer.from(v.text), fixedClock("2026-11-29T12:00:00Z"));
      if (!parsed.ok) expect(located(parsed.diagnostics), v.at).toBe(true);
    }
  });

  it("stack files", () => {
    const tmp = scratch("wrong-shapes-");
    try {
      const doc = parse(readFileSync(join(REPO, "Pulumi.prod.yaml"), "utf8"));
      for (const v of variants(doc, 3)) {
        tmp.write("Pulumi.x.yaml", v.text);
        try {
          readStackFile(tmp.dir, "x");
        } catch (err) {
          expect(err, v.at).toBeInstanceOf(DiagnosticsError);
          expect(located((err as DiagnosticsError).diagnostics), v.at).toBe(true);
        }
      }
    } finally {
      tmp.cleanup();
    }
  });

  it("policy config (JSON)", () => {
    const doc = { all: "advisory", "aws-cloudwatch-log-group-configure-retention": { enforcementLevel: "mandatory", minimumRetentionDays: 400 }, "aws-kms-key-enable-key-rotation": "mandatory" };
    const tmp = scratch("wrong-shapes-");
    try {
      for (const p of paths(doc, 3)) {
        for (const s of SHAPES) {
          tmp.write("config.json", JSON.stringify(withValue(doc, p, s)));
          try {
            // As the CLI reads it: the file's shape first, then every policy's level and properties.
            resolvePolicies(ALL_CHECKS, undefined, readPolicyConfig(tmp.dir, "config.json"));
          } catch (err) {
            expect(err, `${p.join(".")} = ${JSON.stringify(s)}`).toBeInstanceOf(OpsError);
            expect((err as OpsError).exitCode).toBe(2);
          }
        }
      }
    } finally {
      tmp.cleanup();
    }
  });
});
