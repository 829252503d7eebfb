import { describe, expect, it } from "vitest";
import type { ResourceRecord } from "../../src/core/resource";
import { destructionWarning, diffRecords, maskedProps, propertyChanges } from "../../src/plan/diff";

const rec = (name: string, props: Record<string, unknown>, type = "aws:cloudwatch/logGroup:LogGroup"): ResourceRecord => ({ urn: `urn:${name}`, type, name, tenant: "acme", props });

describe("plan/diff propertyChanges", () => {
  it("names each differing leaf with its old and new value", () => {
    expect(propertyChanges({ a: 1, tags: { plan: "pro", x: "y" } }, { a: 1, tags: { plan: "enterprise", x: "y" } })).toEqual([{ path: "tags.plan", old: "pro", new: "enterprise" }]);
  });

  it("shows an added and a removed property without the missing side", () => {
    expect(propertyChanges({ a: 1 }, { b: 2 })).toEqual([
      { path: "a", old: 1 },
      { path: "b", new: 2 },
    ]);
  });

  it("compares a list of scalars whole", () => {
    expect(propertyChanges({ r: ["BOUNCE", "COMPLAINT"] }, { r: ["BOUNCE"] })).toEqual([{ path: "r", old: ["BOUNCE", "COMPLAINT"], new: ["BOUNCE"] }]);
  });

  it("looks inside a JSON document held in a string (a key policy)", () => {
    const old = JSON.stringify({ Statement: [{ Sid: "a", Resource: "*" }, { Sid: "b" }] });
    const now = JSON.stringify({ Statement: [{ Sid: "a", Resource: "arn:1" }, { Sid: "b" }] });
    expect(propertyChanges({ policy: old }, { policy: now })).toEqual([{ path: "policy{json}.Statement[0].Resource", old: "*", new: "arn:1" }]);
  });
});

describe("plan/diff diffRecords", () => {
  it("returns creations and updates in head order, then deletions in base order", () => {
    const base = [rec("a", { x: 1 }), rec("b", { x: 1 }), rec("c", { x: 1 })];
    const head = [rec("d", { x: 1 }), rec("b", { x: 2 }), rec("a", { x: 1 })];
    expect(diffRecords(base, head).map((c) => [c.action, c.name])).toEqual([
      ["create", "d"],
      ["update", "b"],
      ["delete", "c"],
    ]);
  });

  it("never shows a sensitive Vercel variable's value", () => {
    const type = "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable";
    expect(maskedProps(rec("v", { key: "K", value: "hunter2", sensitive: true }, type)).value).toBe("[secret]");
    const changes = diffRecords([rec("v", { key: "K", value: "old", sensitive: true }, type)], [rec("v", { key: "K", value: "new", sensitive: true }, type)]);
    expect(changes).toEqual([]);
  });
});

describe("plan/diff destructionWarning", () => {
  it("says an audit log group's deletion deletes the logs under the one-year promise", () => {
    expect(destructionWarning({ type: "aws:cloudwatch/logGroup:LogGroup", name: "x", props: { name: "/emailmate/tenants/x/audit", retentionInDays: 400 } })).toBe(
      "log group /emailmate/tenants/x/audit: deleting it deletes its audit logs (kept 400 days) — the security page promises audit logs are retained for 1 year",
    );
  });

  it("stays quiet for resources that hold nothing (an alarm)", () => {
    expect(destructionWarning({ type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "x", props: {} })).toBeUndefined();
  });
});

describe("plan/diff replaces", () => {
  it("marks a change of region or of a log group's name as a replacement, and a retention change as in place", () => {
    const base = [rec("g", { region: "eu-west-1", name: "/a", retentionInDays: 365 })];
    expect(diffRecords(base, [rec("g", { region: "us-east-1", name: "/a", retentionInDays: 365 })])[0]?.replaces).toBe(true);
    expect(diffRecords(base, [rec("g", { region: "eu-west-1", name: "/b", retentionInDays: 365 })])[0]?.replaces).toBe(true);
    expect(diffRecords(base, [rec("g", { region: "eu-west-1", name: "/a", retentionInDays: 400 })])[0]?.replaces).toBeUndefined();
  });
});
