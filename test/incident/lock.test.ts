import { spawn } from "node:child_process";
import { readdirSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scratch } from "../support/tmp";

const TSX = require.resolve("tsx");
const ENTRY = join(__dirname, "lockContender.ts");

function contender(dir: string): { ready: Promise<void>; done: Promise<string> } {
  const child = spawn(process.execPath, ["--import", TSX, ENTRY, dir], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  // The module is loaded (tsx compiled it) once the process spins: give it time before the start signal.
  const ready = new Promise<void>((r) => setTimeout(r, 10));
  const done = new Promise<string>((resolve) => child.once("close", () => resolve(out.trim())));
  return { ready, done };
}

describe("src/incident/lock acquireLock (concurrent takeover)", () => {
  let tmp: ReturnType<typeof scratch>;
  beforeEach(() => (tmp = scratch("lock-race-")));
  afterEach(() => tmp.cleanup());

  it("lets exactly one of several processes take over a stale lock at the same moment", async () => {
    for (let round = 0; round < 3; round++) {
      writeFileSync(join(tmp.dir, ".lock"), "999999999");
      const all = Array.from({ length: 6 }, () => contender(tmp.dir));
      await Promise.all(all.map((c) => c.ready));
      await new Promise((r) => setTimeout(r, 2500));
      writeFileSync(join(tmp.dir, "go"), "");
      const outcomes = (await Promise.all(all.map((c) => c.done))).sort();
      expect(outcomes).toEqual(["E_INCIDENT_LOCKED", "E_INCIDENT_LOCKED", "E_INCIDENT_LOCKED", "E_INCIDENT_LOCKED", "E_INCIDENT_LOCKED", "won"]);
      // The winner released it; nothing of the takeover is left behind.
      expect(readdirSync(tmp.dir).sort()).toEqual(["go"]);
      unlinkSync(join(tmp.dir, "go"));
    }
  }, 60_000);
});
