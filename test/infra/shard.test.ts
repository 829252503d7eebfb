import { describe, expect, it } from "vitest";
import { shardOf } from "../../src/infra/shard";

const ids = Array.from({ length: 2000 }, (_, i) => `tenant-${i.toString(36)}`);

describe("infra/shard shardOf", () => {
  it("assigns by FNV-1a of the id (pinned values)", () => {
    expect([shardOf("acme", 4), shardOf("globex", 4), shardOf("initech", 4)]).toEqual([3, 2, 1]);
    expect([shardOf("acme", 2), shardOf("globex", 2), shardOf("initech", 2)]).toEqual([1, 0, 1]);
    expect(shardOf("a", 1 << 30)).toBe(0xe40c292c % (1 << 30));
  });

  it("puts everything in shard 0 with one shard", () => {
    expect(new Set(ids.map((id) => shardOf(id, 1)))).toEqual(new Set([0]));
  });

  it("never moves a tenant when others are added or removed", () => {
    const before = new Map(ids.slice(0, 1000).map((id) => [id, shardOf(id, 8)]));
    const after = new Map(ids.map((id) => [id, shardOf(id, 8)]));
    for (const [id, shard] of before) expect(after.get(id)).toBe(shard);
  });

  it("spreads tenants roughly evenly (each of 8 shards within ±25 % of the mean)", () => {
    const counts = Array(8).fill(0) as number[];
    for (const id of ids) counts[shardOf(id, 8)]!++;
    for (const c of counts) expect(Math.abs(c - ids.length / 8)).toBeLessThan(ids.length / 8 / 4);
  });
});
