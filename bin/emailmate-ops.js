#!/usr/bin/env node
"use strict";
// Thin launcher: the CLI is built into dist/cli.js (one bundle: it starts faster) by `npm install` (the `prepare`
// script) or `npm run build`.
const { join } = require("node:path");
let main;
try {
  main = require("./bundle-loader.js").loadBundle(join(__dirname, "..", "dist", "cli.js")).exports.main;
} catch (err) {
  if (err && err.code === "ENOENT" && String(err.path).endsWith("cli.js")) {
    process.stderr.write("emailmate-ops: not built yet; run `npm install` (or `npm run build`) in the repository first\n");
    process.exit(3);
  }
  throw err;
}
main(process.argv.slice(2));
