"use strict";
/**
 * Loads the CLI bundle (dist/cli.js) with V8's code cache (dist/cli.js.cache, written by `npm run build`): the bundle
 * is compiled from the cache instead of being parsed afresh, a fair part of a short command's start-up. A cache that
 * does not fit (another Node.js or V8 version, other flags) is rejected by V8, which then compiles as usual; a cache
 * written for another version of the file is not used at all (its first 32 bytes are the SHA-256 of the source).
 * The module is set up as Node's own loader would (same exports, `require`, `__dirname`).
 */
const { Buffer } = require("node:buffer");
const { createHash } = require("node:crypto");
const { readFileSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { dirname } = require("node:path");
const vm = require("node:vm");

const cacheOf = (file) => `${file}.cache`;
// V8 checks a cache against the source's length only: the cache file starts with the SHA-256 of the source it is for
const digest = (source) => createHash("sha256").update(source).digest();

function compile(source, file, cachedData) {
  return new vm.Script(Module.wrap(source.toString("utf8")), { filename: file, ...(cachedData ? { cachedData } : {}) });
}

/** The cache for exactly this source, or undefined (none, or written for another version of the file). */
function cacheFor(file, source) {
  let cache;
  try {
    cache = readFileSync(cacheOf(file));
  } catch {
    return undefined;
  }
  return cache.length > 32 && cache.subarray(0, 32).equals(digest(source)) ? cache.subarray(32) : undefined;
}

/** Runs `file` as a CommonJS module, from its code cache when it has one V8 accepts; returns its exports and whether it did. */
function loadBundle(file) {
  const source = readFileSync(file);
  const cachedData = cacheFor(file, source);
  const script = compile(source, file, cachedData);
  const m = new Module(file, module);
  m.filename = file;
  // (require itself is createRequire's, which resolves from the file; paths only mirror what Node's loader sets)
  m.paths = typeof Module._nodeModulePaths === "function" ? Module._nodeModulePaths(dirname(file)) : [];
  Module._cache[file] = m;
  script.runInThisContext().call(m.exports, m.exports, Module.createRequire(file), m, file, dirname(file));
  m.loaded = true;
  return { exports: m.exports, fromCache: cachedData !== undefined && !script.cachedDataRejected };
}

/** Writes `file`'s code cache next to it (the build does, right after bundling). */
function writeCodeCache(file) {
  const source = readFileSync(file);
  writeFileSync(cacheOf(file), Buffer.concat([digest(source), compile(source, file).createCachedData()]));
}

module.exports = { loadBundle, writeCodeCache };
