/** A real crash: the built CLI is killed (SIGKILL) while it writes the bundle; the previous bundle must survive. */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../..");
const BIN = join(ROOT, "bin/emailmate-ops.js");
const dir = mkdtempSync(join(tmpdir(), "evidence-interrupt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tree = (d: string) => Object.fromEntries(readdirSync(d).sort().map((f) => [f, readFileSync(join(d, f), "utf8")]));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function project(tenants: number): void {
  cpSync(join(ROOT, "Pulumi.dev.yaml"), join(dir, "Pulumi.dev.yaml"));
  mkdirSync(join(dir, "tenants"));
  for (let i = 0; i < tenants; i++) {
    const id = `tenant-${String(i).padStart(5, "0")}`;
    writeFileSync(join(dir, "tenants", `${id}.yaml`), `id: ${id}\nname: Tenant ${i}\nplan: pro\nregion: eu-west-1\ncontacts:\n  security: sec@${id}.example\nsending:\n  domains: [m.${id}.example]\n`);
  }
}

const run = () => spawn(process.execPath, [BIN, "evidence", "--out", "ev"], { cwd: dir, stdio: "ignore" });
const finished = (child: ReturnType<typeof run>) => new Promise<number | null>((r) => child.on("exit", (code) => r(code)));

describe("src/evidence/write (a run killed while writing)", () => {
  it("leaves the previous bundle intact, and the next run cleans up and replaces it", async () => {
    project(1500);
    expect(await finished(run())).toBe(0);
    const before = tree(join(dir, "ev"));

    const child = run();
    const exited = finished(child);
    let done = false;
    void exited.then(() => (done = true));
    const tmp = join(dir, `.ev.tmp-${child.pid}`);
    while (!done && !existsSync(tmp)) await sleep(2);
    expect(done, "the run finished before it could be killed while writing").toBe(false);
    child.kill("SIGKILL");
    await exited;
    expect([tree(join(dir, "ev")), existsSync(tmp)]).toEqual([before, true]);

    expect(await finished(run())).toBe(0);
    expect([readdirSync(dir).filter((f) => f.startsWith(".ev.")), existsSync(join(dir, "ev/manifest.json"))]).toEqual([[], true]);
  }, 120_000);
});
