import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OpsError } from "../../src/core/errors";
import { acquireLock, entryHash, GENESIS, Journal, journalIo, verifyJournalText } from "../../src/incident/journal";
import { scratch } from "../support/tmp";

const T = new Date("2026-11-29T12:00:00Z");

describe("src/incident/journal", () => {
  let tmp: ReturnType<typeof scratch>;
  let file: string;
  beforeEach(() => {
    tmp = scratch("journal-");
    file = join(tmp.dir, "journal.jsonl");
  });
  afterEach(() => tmp.cleanup());

  const three = () => {
    const j = Journal.create(file, T, { id: "INC-20261129-001" });
    j.append("step.started", { step: "a", attempt: 1 }, T);
    j.append("step.succeeded", { step: "a", attempt: 1, outputs: {} }, T);
    return j;
  };
  const lines = () => readFileSync(file, "utf8").split("\n").slice(0, -1);
  const refused = (message: string) => {
    const err = (() => {
      try {
        Journal.open(file);
        return undefined;
      } catch (e) {
        return e as OpsError;
      }
    })();
    expect([err?.code, err?.exitCode, err?.message]).toEqual(["E_JOURNAL_INVALID", 1, `JOURNAL FAILS VERIFICATION: ${file}:${message}. Refusing to read or continue this incident.`]);
  };

  it("writes one JSON line per entry with sequence numbers and a SHA-256 chain", () => {
    three();
    const entries = lines().map((l) => JSON.parse(l) as { seq: number; prev: string; hash: string });
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]!.prev).toBe(GENESIS);
    expect(entries[1]!.prev).toBe(entries[0]!.hash);
    expect(entries[2]!.hash).toBe(entryHash(entries[2] as never));
  });

  it("reads back a journal that verifies", () => {
    three();
    expect(Journal.open(file).entries.map((e) => e.type)).toEqual(["incident.opened", "step.started", "step.succeeded"]);
  });

  it("refuses a journal with a changed entry", () => {
    three();
    const l = lines();
    l[1] = l[1]!.replace('"attempt":1', '"attempt":2');
    writeFileSync(file, l.join("\n") + "\n");
    refused("2: hash does not match the entry: the entry was changed");
  });

  it("refuses a journal with a removed entry", () => {
    three();
    const l = lines();
    writeFileSync(file, [l[0], l[2]].join("\n") + "\n");
    refused("2: sequence number 3; expected 2");
  });

  it("refuses a journal whose entry was rewritten with a fresh hash but the old chain", () => {
    three();
    const l = lines();
    const e = JSON.parse(l[1]!) as Record<string, unknown>;
    const forged = { ...e, data: { step: "b", attempt: 1 } };
    const hash = entryHash(forged as never);
    l[1] = JSON.stringify({ ...forged, hash });
    writeFileSync(file, l.join("\n") + "\n");
    refused("3: prev does not match the previous entry's hash: an entry was removed, reordered or changed");
  });

  it("reads a journal whose last line was torn up to it, and refuses to append until it is recovered", () => {
    three();
    const whole = readFileSync(file, "utf8");
    writeFileSync(file, whole.slice(0, -20));
    const j = Journal.open(file);
    expect([j.entries.map((e) => e.seq), j.torn?.line]).toEqual([[1, 2], 3]);
    expect(() => j.append("step.started", { step: "b", attempt: 1 }, T)).toThrow(`${file}:3: the last line is torn (cut while being written); it must be recovered before anything is appended`);
  });

  it("recovers a torn last line: cut back to the last whole line, journaled with the dropped bytes' digest", () => {
    three();
    const whole = readFileSync(file, "utf8");
    const torn = whole.slice(0, -20);
    writeFileSync(file, torn);
    const j = Journal.open(file);
    const entry = j.recoverTornTail(T, { by: "arn:aws:iam::123456789012:user/alice", auditEventId: "01J0000000000000000000000" })!;
    const droppedText = torn.slice(torn.lastIndexOf("\n") + 1);
    expect([entry.seq, entry.type, entry.data.line, entry.data.droppedBytes, entry.data.droppedSha256, entry.data.dropped]).toEqual([
      3,
      "journal.recovered",
      3,
      Buffer.byteLength(droppedText),
      createHash("sha256").update(droppedText).digest("hex"),
      droppedText,
    ]);
    j.append("step.started", { step: "b", attempt: 1 }, T);
    const again = Journal.open(file);
    expect([again.torn, again.entries.map((e) => e.type)]).toEqual([undefined, ["incident.opened", "step.started", "journal.recovered", "step.started"]]);
  });

  it("still refuses a corrupted inner line when the last line is torn too", () => {
    three();
    const l = lines();
    l[1] = l[1]!.replace('"attempt":1', '"attempt":2');
    writeFileSync(file, l.join("\n") + "\n" + '{"seq":4,"at"');
    refused("2: hash does not match the entry: the entry was changed");
  });

  it("refuses a journal whose only line is torn: the incident was never opened", () => {
    writeFileSync(file, '{"seq":1,"at":"2026');
    refused("1: the first line is incomplete (no newline): the incident was never opened");
  });

  it("writes every byte when the system writes fewer than asked (short writes)", () => {
    const write = journalIo.write;
    const sizes: number[] = [];
    journalIo.write = (fd, buf, offset, length) => {
      const n = Math.min(length, 7);
      sizes.push(n);
      return write(fd, buf, offset, n);
    };
    try {
      three();
    } finally {
      journalIo.write = write;
    }
    expect(sizes.length).toBeGreaterThan(30);
    expect(Journal.open(file).entries.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it("refuses a journal that does not start with incident.opened", () => {
    const first = { seq: 1, at: T.toISOString(), type: "step.started", data: {}, prev: GENESIS };
    writeFileSync(file, JSON.stringify({ ...first, hash: entryHash(first as never) }) + "\n");
    expect(verifyJournalText(readFileSync(file, "utf8")).problem).toEqual({ line: 1, message: "first entry is step.started; expected incident.opened" });
  });

  it("never creates over an existing journal", () => {
    three();
    expect(() => Journal.create(file, T, {})).toThrow(/EEXIST/);
  });

  it("refuses to append after another writer appended since it read the journal, and the journal still verifies", () => {
    three();
    const a = Journal.open(file);
    const b = Journal.open(file);
    a.append("step.started", { step: "b", attempt: 1 }, T);
    let err: OpsError | undefined;
    try {
      b.append("step.started", { step: "c", attempt: 1 }, T);
    } catch (e) {
      err = e as OpsError;
    }
    expect([err?.code, err?.exitCode, err?.message]).toEqual([
      "E_JOURNAL_CHANGED",
      3,
      `${file} changed while this command was running: another \`incident\` command is acting on this incident`,
    ]);
    expect(Journal.open(file).entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it("keeps appending after its own appends", () => {
    const j = three();
    j.append("step.started", { step: "b", attempt: 1 }, T);
    expect(Journal.open(file).entries.length).toBe(4);
  });

  it("leaves no file but the lock while holding it, and nothing after release", () => {
    const release = acquireLock(tmp.dir);
    expect(readdirSync(tmp.dir)).toEqual([".lock"]);
    release();
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it("takes over a lock left by a process that is gone, and refuses one held by a live process", () => {
    writeFileSync(join(tmp.dir, ".lock"), "999999999");
    const release = acquireLock(tmp.dir);
    expect(readFileSync(join(tmp.dir, ".lock"), "utf8")).toBe(String(process.pid));
    release();
    writeFileSync(join(tmp.dir, ".lock"), String(process.ppid));
    expect(() => acquireLock(tmp.dir)).toThrow(`incident is being run by process ${process.ppid}; wait for it or stop it`);
  });
});
