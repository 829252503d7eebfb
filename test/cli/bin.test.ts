import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const bin = join(root, "bin", "emailmate-ops.js");

function run(...args: string[]) {
  if (!existsSync(join(root, "dist", "cli.js"))) throw new Error("dist/ is missing: run `npm run build` (npm test does it first)");
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
}

describe("bin/emailmate-ops.js (the installed command, as a process)", () => {
  it("prints help and exits 0", () => {
    const r = run("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: emailmate-ops \[options\] \[command\]/);
  });

  it("validates the repository's tenants and exits 0", () => {
    const r = run("tenants", "validate", "--json");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, diagnostics: [] });
  });

  it("exits 2 on a usage error, with the message on stderr and nothing on stdout", () => {
    const r = run("tenants", "frobnicate");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error: unknown command 'frobnicate'");
  });

  it("prints the version", () => {
    const r = run("--version");
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
