#!/usr/bin/env node
"use strict";
/**
 * Bundles the CLI into dist/cli.js (and the audit export's worker into dist/admitWorker.js, next to it, where the pool
 * looks for it). One file loads faster than the ~250 modules tsc emits for a command (each is resolved, read and
 * compiled on its own): start-up is a fair part of a `check` over 1,000 tenants (bench/check.ts). The AWS SDK and
 * Pulumi stay outside: they are loaded only by the commands that use them, and Pulumi's runtime must be one copy.
 * Then V8's code cache of the bundle goes beside it (dist/cli.js.cache, see bin/bundle-loader.js).
 * `npm run build` runs this after tsc (which type-checks and emits dist/src, dist/stacks and dist/policies).
 */
const { build } = require("esbuild");
const { join } = require("node:path");
const { writeCodeCache } = require("../bin/bundle-loader.js");

const root = join(__dirname, "..");

build({
  absWorkingDir: root,
  entryPoints: { cli: "src/cli/main.ts", admitWorker: "src/audit/admitWorker.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  external: ["@aws-sdk/*", "@smithy/*", "@pulumi/*", "@pulumiverse/*", "tsx", "tsx/*"],
  // import() becomes require(): the launcher runs the bundle as a script with V8's code cache (bin/bundle-loader.js)
  supported: { "dynamic-import": false },
  logLevel: "warning",
})
  // V8's code cache of the bundle, for this Node.js (a different one rejects it and compiles as usual)
  .then(() => writeCodeCache(join(root, "dist", "cli.js")))
  .catch(() => process.exit(1));
