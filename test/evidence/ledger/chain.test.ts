import { describe, expect, it } from "vitest";
import { verifyChain, type StoredRecord } from "../../../src/evidence/ledger/chain";
import { buildRecordBody, GENESIS_HASH, recordHash, recordName, sealRecord, serializeRecord, type LedgerRecord } from "../../../src/evidence/ledger/record";
import { runAt } from "./support";

function ledger(days: number): { records: LedgerRecord[]; stored: StoredRecord[] } {
  const records: LedgerRecord[] = [];
  for (let d = 1; d <= days; d++) {
    records.push(sealRecord(buildRecordBody(runAt(`2026-11-0${d}T06:00:00Z`, { failing: d === 3 }), records[records.length - 1])));
  }
  return { records, stored: records.map((r) => ({ name: recordName(r), text: serializeRecord(r) })) };
}

describe("src/evidence/ledger/record", () => {
  it("snapshots a run: day, per-control and per-check statuses, tenants, exceptions, chained to the previous record", () => {
    const { records } = ledger(3);
    const third = records[2]!;
    expect([third.seq, third.day, third.previousHash, third.bundle.manifestSha256, third.tenants]).toEqual([3, "2026-11-03", records[1]!.hash, "a".repeat(64), ["acme", "globex"]]);
    expect(third.controls.find((c) => c.control === "CC7.2")?.status).toBe("fail");
    expect(third.checks.find((c) => c.policy === "aws-cloudwatch-log-group-configure-retention")).toEqual({
      policy: "aws-cloudwatch-log-group-configure-retention",
      controls: ["CC7.2", "CC7.3"],
      status: "fail",
      counts: { pass: 3, fail: 1 },
    });
    expect(third.findings.exceptions.map((e) => [e.policy, e.status, e.tenant])).toEqual([["aws-cloudwatch-log-group-configure-retention", "fail", "acme"]]);
    expect([records[0]!.previousHash, records[0]!.findings.exceptions]).toEqual([GENESIS_HASH, []]);
  });

  it("names records by zero-padded seq, so names sort in chain order and concurrent appends compete for one name", () => {
    expect(recordName({ seq: 12 })).toBe("00000012.json");
  });

  it("hashes the canonical JSON: key order does not change the hash, content does", () => {
    const r = ledger(1).records[0]!;
    const reordered = Object.fromEntries(Object.entries(r).reverse());
    expect([recordHash(reordered), recordHash({ ...r, gitCommit: "0".repeat(40) }) === r.hash]).toEqual([r.hash, false]);
  });
});

describe("src/evidence/ledger/chain", () => {
  it("verifies an intact ledger", () => {
    const { stored, records } = ledger(4);
    const result = verifyChain(stored, { seq: 4, hash: records[3]!.hash });
    expect([result.ok, result.records.length, result.problems]).toEqual([true, 4, []]);
  });

  it("names an edited record (a failure rewritten as a pass)", () => {
    const { stored } = ledger(4);
    const edited = stored.map((s, i) => (i === 2 ? { ...s, text: s.text.replace('"status": "fail"', '"status": "pass"') } : s));
    const result = verifyChain(edited);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.record).toBe("00000003.json");
    expect(result.problems[0]!.message).toMatch(/^edited: its content hashes to [0-9a-f]{64}, the record says [0-9a-f]{64}$/);
  });

  it("names the record after a removed one", () => {
    const { stored } = ledger(4);
    const result = verifyChain(stored.filter((_, i) => i !== 1));
    expect(result.problems.map((p) => p.record + ": " + p.message.replace(/[0-9a-f]{64}/g, "H"))).toEqual([
      "00000003.json: record 2 is missing before it (removed from the ledger?)",
    ]);
  });

  it("notices records removed from the end through the head", () => {
    const { stored, records } = ledger(4);
    const result = verifyChain(stored.slice(0, 3), { seq: 4, hash: records[3]!.hash });
    expect(result.problems).toEqual([{ record: "HEAD", message: "the ledger's head names record 4, the last record is 3 (records removed from the end?)" }]);
  });

  it("names a recomputed record whose previousHash no longer links (edited, then re-hashed)", () => {
    const { stored, records } = ledger(3);
    const forged = sealRecord({ ...records[1]!, gitCommit: "f".repeat(40) });
    const result = verifyChain([stored[0]!, { name: stored[1]!.name, text: serializeRecord(forged) }, stored[2]!]);
    expect(result.problems.map((p) => p.record)).toEqual(["00000003.json"]);
    expect(result.problems[0]!.message).toMatch(/^previousHash [0-9a-f]{64} is not the hash of record 2/);
  });

  it("names a file that is not a record", () => {
    const { stored } = ledger(1);
    expect(verifyChain([{ ...stored[0]!, text: "{" }]).problems[0]!.message).toMatch(/^not valid JSON/);
  });
});
