import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAuditExport, type ExportRequest } from "../../src/audit/export";
import { sha256Hex } from "../../src/audit/manifest";
import { verifyExport } from "../../src/audit/verify";
import { fixedClock } from "../../src/core/clock";
import { OpsError } from "../../src/core/errors";
import { makeDataset } from "./exportData";
import { memorySource } from "./memorySource";

const root = mkdtempSync(join(tmpdir(), "audit-verify-"));
const start = Date.parse("2026-06-01T00:00:00Z");
const data = makeDataset("acme", start, 2, 300);
let copies = 0;

const request = (outDir: string, format: "jsonl" | "csv", chain?: string): ExportRequest => ({
  tenant: "acme",
  logGroupName: "/emailmate/tenants/acme/audit",
  from: new Date(start),
  to: new Date(start + 2 * 86_400_000),
  format,
  outDir,
  resume: false,
  toolVersion: "0.1.0",
  previousManifestSha256: chain,
  tuning: { slices: 2, maxFileEvents: 200 },
});

beforeAll(async () => {
  await runAuditExport(request(join(root, "jsonl"), "jsonl"), { pages: memorySource(data.logEvents), clock: fixedClock("2026-11-29T12:00:00Z") });
  await runAuditExport(request(join(root, "csv"), "csv"), { pages: memorySource(data.logEvents), clock: fixedClock("2026-11-29T12:00:00Z") });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of a pristine export to tamper with. */
function copyOf(kind: "jsonl" | "csv"): string {
  const dir = join(root, `copy-${++copies}`);
  cpSync(join(root, kind), dir, { recursive: true });
  return dir;
}

/** Replaces the byte at `offset` of line `line` (1-based) of a file. */
function flipByte(path: string, line: number, offset: number, to: string): void {
  const lines = readFileSync(path, "utf8").split("\n");
  const l = lines[line - 1] as string;
  lines[line - 1] = l.slice(0, offset) + to + l.slice(offset + 1);
  writeFileSync(path, lines.join("\n"));
}

describe("src/audit/verify", () => {
  it("accepts an intact export", () => {
    const result = verifyExport(join(root, "jsonl"));
    expect(result).toMatchObject({ ok: true, tenant: "acme", events: 300, unlisted: [] });
    expect(result.problem).toBeUndefined();
  });

  it("names the file and line of one changed byte", () => {
    const dir = copyOf("jsonl");
    flipByte(join(dir, "events-000002.jsonl"), 37, 40, "X");
    expect(verifyExport(dir)).toMatchObject({ ok: false, problem: { file: "events-000002.jsonl", line: 37, message: "the event differs from the one exported (leaf 237 of leaves.sha256)" } });
  });

  it("names the line of a changed CSV record, counting the header and quoted newlines", () => {
    const dir = copyOf("csv");
    const path = join(dir, "events-000001.csv");
    const lines = readFileSync(path, "utf8").split("\n");
    const target = lines.findIndex((l, i) => i > 20 && l.startsWith("0") && l.includes(",success,")) + 1;
    flipByte(path, target, 0, "7");
    const result = verifyExport(dir);
    expect(result.problem).toEqual({ file: "events-000001.csv", line: target, message: expect.stringMatching(/^the event differs from the one exported \(leaf \d+ of leaves\.sha256\)$/) });
    expect(verifyExport(join(root, "csv")).ok).toBe(true);
  });

  it("blames leaves.sha256 when only it changed", () => {
    const dir = copyOf("jsonl");
    flipByte(join(dir, "leaves.sha256"), 5, 0, "f");
    flipByte(join(dir, "leaves.sha256"), 5, 1, "f");
    expect(verifyExport(dir).problem).toEqual({ file: "leaves.sha256", line: 5, message: "leaf 5 differs from the hash of events-000001.jsonl line 5" });
  });

  it("detects a removed event", () => {
    const dir = copyOf("jsonl");
    const path = join(dir, "events-000001.jsonl");
    const lines = readFileSync(path, "utf8").split("\n");
    lines.splice(9, 1);
    writeFileSync(path, lines.join("\n"));
    expect(verifyExport(dir).problem).toMatchObject({ file: "events-000001.jsonl", line: 10 });
  });

  it("detects a manifest whose counts were edited", () => {
    const dir = copyOf("jsonl");
    const path = join(dir, "manifest.json");
    writeFileSync(path, readFileSync(path, "utf8").replace(/"duplicates": \d+/, '"duplicates": 0'));
    expect(verifyExport(dir).problem).toEqual({ file: "manifest.json", message: `counts do not add up: read ${data.logEvents.length} ≠ written 300 + rejected ${data.invalid} + duplicates 0` });
  });

  it.each([
    ["counts", null],
    ["counts", { read: "many" }],
    ["files", [{ name: "events-000001.jsonl" }]],
    ["rejects", "rejects.jsonl"],
    ["merkle", null],
  ])("reports a manifest whose %s has the wrong shape as a failed verification, not a crash", (key, value) => {
    const dir = copyOf("jsonl");
    const path = join(dir, "manifest.json");
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, "utf8")), [key]: value }));
    expect(verifyExport(dir)).toMatchObject({ ok: false, problem: { file: "manifest.json", message: "not an audit export manifest (manifestVersion 1)" } });
  });

  it.each([
    ["null", "manifest.json", "the previous manifest is of tenant undefined, this one of acme"],
    ["{ not json", "PREV", "not valid JSON: expected the previous export's manifest.json"],
  ])("reports a previous manifest %s (hash matching) as a failed verification, not a crash", (content, file, message) => {
    const dir = copyOf("jsonl");
    const prev = join(dir, "..", `prev-${copies}.json`);
    writeFileSync(prev, content);
    const path = join(dir, "manifest.json");
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, "utf8")), previousManifestSha256: sha256Hex(Buffer.from(content)) }));
    expect(verifyExport(dir, { previousManifest: prev })).toMatchObject({ ok: false, problem: { file: file === "PREV" ? prev : file, message } });
  });

  it("detects a changed rejects file", () => {
    const dir = copyOf("jsonl");
    const path = join(dir, "rejects.jsonl");
    writeFileSync(path, readFileSync(path, "utf8").replace("not json {", "not json }"));
    expect(verifyExport(dir).problem).toEqual({ file: "rejects.jsonl", message: "size or sha256 differs from the manifest" });
  });

  it("checks the chain link to the previous manifest", async () => {
    const previous = join(root, "jsonl", "manifest.json");
    const next = join(root, "chained");
    await runAuditExport(request(next, "jsonl", sha256Hex(readFileSync(previous))), { pages: memorySource(data.logEvents), clock: fixedClock("2026-11-30T12:00:00Z") });
    expect(verifyExport(next, { previousManifest: previous }).ok).toBe(true);
    const other = join(root, "csv", "manifest.json");
    expect(verifyExport(next, { previousManifest: other }).problem).toEqual({
      file: "manifest.json",
      message: `previousManifestSha256 is ${sha256Hex(readFileSync(previous))}, ${other} hashes to ${sha256Hex(readFileSync(other))}`,
    });
  });

  it("refuses a folder without manifest.json with exit 2", () => {
    let err: unknown;
    try {
      verifyExport(root);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OpsError);
    expect((err as OpsError).exitCode).toBe(2);
    expect((err as OpsError).message).toBe(`${root} holds no manifest.json: not an audit export folder`);
  });
});
