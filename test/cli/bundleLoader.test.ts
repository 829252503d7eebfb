import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scratch } from "../support/tmp";

// the launcher's loader is plain CommonJS (bin/), run by Node as it is
const loader = join(__dirname, "..", "..", "bin", "bundle-loader.js");
const root = join(__dirname, "..", "..");
const tmp = scratch("emailmate-bundle-loader-");
afterAll(() => tmp.cleanup());

/** Loads `file` in a fresh Node process (as the launcher does) and reports what it got. */
function load(file: string): { fromCache: boolean; answer: unknown } {
  const code = `const r = require(${JSON.stringify(loader)}).loadBundle(${JSON.stringify(file)}); process.stdout.write(JSON.stringify({ fromCache: r.fromCache, answer: r.exports.answer() }));`;
  const r = spawnSync(process.execPath, ["-e", code], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { fromCache: boolean; answer: unknown };
}

function bundle(name: string): string {
  const dir = join(tmp.dir, name);
  mkdirSync(join(dir, "node_modules", "dep"), { recursive: true });
  writeFileSync(join(dir, "node_modules", "dep", "index.js"), "module.exports = 'dep';\n");
  const file = join(dir, "cli.js");
  writeFileSync(file, "exports.answer = () => [require('dep'), require('node:path').basename(__dirname), __filename.endsWith('cli.js'), module.exports === exports];\n");
  return file;
}

describe("bin/bundle-loader.js", () => {
  it("runs a module as Node would (exports, require from its folder, __dirname, __filename), without a cache", () => {
    expect(load(bundle("plain"))).toEqual({ fromCache: false, answer: ["dep", "plain", true, true] });
  });

  it("runs it from the code cache written for it", () => {
    const file = bundle("cached");
    const w = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(loader)}).writeCodeCache(${JSON.stringify(file)})`], { encoding: "utf8" });
    expect([w.status, existsSync(`${file}.cache`)]).toEqual([0, true]);
    expect(load(file)).toEqual({ fromCache: true, answer: ["dep", "cached", true, true] });
  });

  it("compiles as usual when the cache does not fit (garbage, or another source)", () => {
    const file = bundle("garbage");
    writeFileSync(`${file}.cache`, Buffer.from("not a V8 code cache"));
    expect(load(file)).toEqual({ fromCache: false, answer: ["dep", "garbage", true, true] });
    const other = bundle("stale");
    spawnSync(process.execPath, ["-e", `require(${JSON.stringify(loader)}).writeCodeCache(${JSON.stringify(other)})`]);
    writeFileSync(other, "exports.answer = () => 'changed since the cache was written';\n");
    expect(load(other)).toEqual({ fromCache: false, answer: "changed since the cache was written" });
  });

  it("never runs a cache written for another version of the file of the same length (V8 itself checks only the length)", () => {
    const file = bundle("same-length");
    writeFileSync(file, "exports.answer = () => 'one';\n");
    spawnSync(process.execPath, ["-e", `require(${JSON.stringify(loader)}).writeCodeCache(${JSON.stringify(file)})`]);
    expect(load(file)).toEqual({ fromCache: true, answer: "one" });
    writeFileSync(file, "exports.answer = () => 'two';\n");
    expect(load(file)).toEqual({ fromCache: false, answer: "two" });
  });

  it("the build writes the CLI bundle's cache, and V8 accepts it", () => {
    const cli = join(root, "dist", "cli.js");
    if (!existsSync(cli)) throw new Error("dist/ is missing: run `npm run build` (npm test does it first)");
    const code = `const r = require(${JSON.stringify(loader)}).loadBundle(${JSON.stringify(cli)}); process.stdout.write(JSON.stringify([r.fromCache, typeof r.exports.main]));`;
    const r = spawnSync(process.execPath, ["-e", code], { encoding: "utf8" });
    expect(JSON.parse(r.stdout)).toEqual([true, "function"]);
  });
});
