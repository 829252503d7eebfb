import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OpsError } from "../../src/core/errors";
import { makeDirs, nodeBundleFs, type BundleFs } from "../../src/evidence/fsPort";
import { writeBundle, type BundleFile, type WrittenFile } from "../../src/evidence/write";
import { scratch } from "../support/tmp";

const tmp = scratch("emailmate-evidence-write-");
afterAll(() => tmp.cleanup());

let n = 0;
const fresh = () => join(tmp.dir, `case-${++n}`, "bundle");
const files = (contents: Record<string, string>): BundleFile[] => Object.entries(contents).map(([path, content]) => ({ path, chunks: () => [content] }));
const manifest = (written: readonly WrittenFile[]) => JSON.stringify({ kind: "emailmate-ops/soc2-evidence", files: written }) + "\n";
const tree = (dir: string) =>
  Object.fromEntries(readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)).map((f) => [f.name, f.isDirectory() ? "<folder>" : readFileSync(join(dir, f.name), "utf8")]));
const caught = (f: () => unknown): OpsError => {
  try {
    f();
  } catch (err) {
    return err as OpsError;
  }
  throw new Error("expected an error");
};
const errno = (code: string, syscall: string, path: string) => Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });

/** The node port, with the `after`-th call of one kind failing. */
function failing(call: keyof BundleFs, code: string, after = 1): BundleFs {
  let calls = 0;
  return {
    ...nodeBundleFs,
    [call]: (...args: unknown[]) => {
      // like Node's, a failed write(2) names no path
      if (++calls === after) throw call === "write" ? Object.assign(new Error(`${code}: write`), { code, syscall: "write" }) : errno(code, call, String(args[0]));
      return (nodeBundleFs[call] as (...a: unknown[]) => unknown)(...args);
    },
  } as BundleFs;
}

describe("src/evidence/write", () => {
  it("creates the folder and its parents and writes every file, manifest last, with digests", () => {
    const dir = fresh();
    const written = writeBundle(dir, files({ "x.txt": "x", "y.csv": "a,b\n" }), manifest);
    expect(tree(dir)).toEqual({ "manifest.json": manifest(written), "x.txt": "x", "y.csv": "a,b\n" });
    expect(written[0]).toEqual({ path: "x.txt", sha256: "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881", bytes: 1 });
  });

  it("streams a file in chunks", () => {
    const dir = fresh();
    const big: BundleFile = { path: "big.txt", chunks: () => Array.from({ length: 3000 }, () => "x".repeat(1000)) };
    expect(writeBundle(dir, [big], manifest)[0]!.bytes).toBe(3_000_000);
  });

  it("writes multi-byte text exactly, across buffer boundaries and in chunks larger than the buffer, with the digest of the bytes", () => {
    const dir = fresh();
    const chunks = [...Array.from({ length: 40_000 }, (_, i) => `é€😀 ${i},`), "ß".repeat(1_500_000), "end\n", "", "z"];
    const [w] = writeBundle(dir, [{ path: "utf8.txt", chunks: () => chunks }], manifest);
    const bytes = readFileSync(join(dir, "utf8.txt"));
    expect(bytes.toString("utf8") === chunks.join("")).toBe(true);
    expect(w).toEqual({ path: "utf8.txt", sha256: createHash("sha256").update(bytes).digest("hex"), bytes: Buffer.byteLength(chunks.join(""), "utf8") });
  });

  it("replaces an older bundle whole: no stale file of it remains", () => {
    const dir = fresh();
    writeBundle(dir, files({ "old-only.txt": "stale", "x.txt": "1" }), manifest);
    writeBundle(dir, files({ "x.txt": "2" }), manifest);
    expect(Object.keys(tree(dir))).toEqual(["manifest.json", "x.txt"]);
    expect(readdirSync(join(dir, ".."))).toEqual(["bundle"]);
  });

  it("keeps files in the folder that are not part of the bundle", () => {
    const dir = fresh();
    writeBundle(dir, files({ "x.txt": "1" }), manifest);
    writeFileSync(join(dir, "notes.md"), "mine");
    mkdirSync(join(dir, "evidence"));
    writeBundle(dir, files({ "x.txt": "2" }), manifest);
    expect([Object.keys(tree(dir)), readFileSync(join(dir, "notes.md"), "utf8")]).toEqual([["evidence", "manifest.json", "notes.md", "x.txt"], "mine"]);
  });

  it("leaves the previous bundle intact when a run fails half-way (full disk), and cleans up after itself", () => {
    const dir = fresh();
    writeBundle(dir, files({ "a.txt": "A1", "b.txt": "B1" }), manifest);
    const before = tree(dir);
    const err = caught(() => writeBundle(dir, files({ "a.txt": "A2", "b.txt": "B2" }), manifest, { fs: failing("write", "ENOSPC", 2) }));
    expect([err.exitCode, err.code]).toEqual([3, "E_EVIDENCE_WRITE"]);
    expect(err.message).toMatch(new RegExp(`^cannot write the evidence bundle to ${dir}: no space left on the device \\[ENOSPC\\] \\(write .*b\\.txt\\); the previous bundle, if any, is unchanged$`));
    expect(err.hint).toBe("free some space, or give --out on another disk");
    expect([tree(dir), readdirSync(join(dir, ".."))]).toEqual([before, ["bundle"]]);
  });

  it("restores the previous bundle when the final rename fails", () => {
    const dir = fresh();
    writeBundle(dir, files({ "a.txt": "A1" }), manifest);
    writeFileSync(join(dir, "mine.txt"), "keep");
    const before = tree(dir);
    const err = caught(() => writeBundle(dir, files({ "a.txt": "A2" }), manifest, { fs: failing("rename", "EIO", 3) }));
    expect([err.exitCode, tree(dir), readdirSync(join(dir, ".."))]).toEqual([3, before, ["bundle"]]);
  });

  it("after a run killed mid-swap, the next run restores and carries over what the dead one moved, then replaces it", () => {
    const dir = fresh();
    writeBundle(dir, files({ "a.txt": "A1" }), manifest);
    writeFileSync(join(dir, "mine.txt"), "keep");
    // what a run with pid 999999 leaves when killed after moving the old bundle aside and carrying mine.txt over
    const parent = join(dir, "..");
    const dead = join(parent, ".bundle.tmp-999999");
    mkdirSync(dead);
    writeFileSync(join(dead, "a.txt"), "half");
    writeFileSync(join(dead, ".emailmate-carried"), "mine.txt\n");
    writeFileSync(join(dead, "mine.txt"), "keep");
    readdirSync(dir).filter((f) => f === "mine.txt").forEach(() => nodeBundleFs.remove(join(dir, "mine.txt")));
    nodeBundleFs.rename(dir, join(parent, ".bundle.old-999999"));
    writeBundle(dir, files({ "a.txt": "A2" }), manifest, { isAlive: () => false });
    expect([Object.keys(tree(dir)), readFileSync(join(dir, "mine.txt"), "utf8"), readFileSync(join(dir, "a.txt"), "utf8"), readdirSync(parent)]).toEqual([
      ["a.txt", "manifest.json", "mine.txt"],
      "keep",
      "A2",
      ["bundle"],
    ]);
  });

  it("leaves the folders of a run that is still going alone", () => {
    const dir = fresh();
    makeDirs(nodeBundleFs, join(dir, "..", ".bundle.tmp-4242"));
    writeBundle(dir, files({ "a.txt": "A" }), manifest, { isAlive: (pid) => pid === 4242 });
    expect(readdirSync(join(dir, "..")).sort()).toEqual([".bundle.tmp-4242", "bundle"]);
  });

  it("refuses a file given as the folder with exit 2, leaving it alone", () => {
    const file = tmp.write("not-a-folder", "keep me");
    const err = caught(() => writeBundle(file, files({ "x.txt": "x" }), manifest));
    expect([err.exitCode, err.message]).toEqual([2, `${file} is a file; expected a folder for the evidence bundle`]);
    expect(readFileSync(file, "utf8")).toBe("keep me");
  });

  it("refuses to replace a git working tree", () => {
    const dir = fresh();
    mkdirSync(join(dir, ".git"), { recursive: true });
    const err = caught(() => writeBundle(dir, files({ "x.txt": "x" }), manifest));
    expect([err.exitCode, err.code, existsSync(join(dir, ".git"))]).toEqual([2, "E_OUT_NOT_BUNDLE", true]);
  });

  it("answers an unwritable --out under /proc with exit 3 at once, instead of spinning in Node's recursive mkdir", () => {
    const started = Date.now();
    const err = caught(() => writeBundle("/proc/nope/evidence", files({ "x.txt": "x" }), manifest));
    expect([err.exitCode, err.code, err.message]).toEqual([
      3,
      "E_EVIDENCE_WRITE",
      "cannot write the evidence bundle to /proc/nope/evidence: the folder cannot be created there [ENOENT] (mkdir /proc/nope); the previous bundle, if any, is unchanged",
    ]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("answers a read-only parent with exit 3", () => {
    const err = caught(() => writeBundle(fresh(), files({ "x.txt": "x" }), manifest, { fs: failing("mkdir", "EROFS") }));
    expect([err.exitCode, err.message.includes("read-only file system [EROFS]")]).toEqual([3, true]);
  });
});
