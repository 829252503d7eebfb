import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, checkAuditEvent, checkParsedAuditEvent, fastParsedAuditEvent } from "../../src/audit/event";
import { BASE_EVENT } from "./sampleEvents";

const base = { ...BASE_EVENT, metadata: { index: 7, note: "ünïcödé", nested: [1, { a: null }] } };

const long = (n: number) => "x".repeat(n);
const strings: unknown[] = ["", "a", "ü", "\u2028", long(200), long(201), long(500), long(501), long(1000), long(1001), 5, null, true, [], {}];

/** Values to put in each field, on top of `strings`. */
const fieldValues: Record<string, unknown[]> = {
  eventId: ["01jdz8q4x0k6w3v2t1s0r9p8n7", "01JDZ8Q4X0K6W3V2T1S0R9P8NI", "01JDZ8Q4X0K6W3V2T1S0R9P8N", "01JDZ8Q4X0K6W3V2T1S0R9P8N77", "01JDZ8Q4X0K6W3V2T1S0R9P8N7\n"],
  tenant: ["platform", "ab", "abc", "a-b", "ab-", "1ab", "Acme", long(40), "a" + long(40)],
  action: [...AUDIT_ACTIONS, "member.Invite", "key"],
  target: [],
  timestamp: [
    "2026-06-01T00:00:00.000Z",
    "2026-06-01T00:00:00Z",
    "2026-06-01T00:00:00.1Z",
    "2026-06-01T00:00:00.123456Z",
    "2024-02-29T12:00:00.000Z",
    "2023-02-29T12:00:00.000Z",
    "2000-02-29T00:00:00.000Z",
    "1900-02-29T00:00:00.000Z",
    "2026-02-30T00:00:00.000Z",
    "2026-04-31T00:00:00.000Z",
    "2026-13-01T00:00:00.000Z",
    "2026-00-01T00:00:00.000Z",
    "2026-06-01T24:00:00.000Z",
    "2026-06-01T23:60:00.000Z",
    "2026-06-01T23:59:60.000Z",
    "2026-06-01T00:00:00.000+00:00",
    "2026-06-01 00:00:00.000Z",
    "2026-06-01T00:00:00.000z",
    "0000-01-01T00:00:00.000Z",
    "9999-12-31T23:59:59.999Z",
    "+002026-06-01T00:00:00.000Z",
    "2026-06-01",
    "2026-06-01T00:00:00.00aZ",
    "2026-06-01T0a:00:00.000Z",
    "2026-0a-01T00:00:00.000Z",
    "a026-06-01T00:00:00.000Z",
    "2026-06-01T00:00:00.000ZZ",
    "2026-06-01T00:00:00,000Z",
  ],
  ip: ["10.0.0.1", "255.255.255.255", "256.0.0.1", "01.2.3.4", "1.2.3", "1.2.3.4 ", "::1", "2001:db8::1", "::ffff:1.2.3.4", "fe80::1%eth0", "::1\n", "gggg::1", "::@1\\"],
  userAgent: [],
  outcome: ["failure", "ok", "Success"],
  metadata: [{}, { a: 1 }, { "10": 1, "2": 2, b: 3 }, { constructor: "x" }, { constructor: { prototype: null } }, { a: { b: [1, 2] } }, "x", 1],
};
const actorValues: Record<string, unknown[]> = {
  type: ["user", "apiKey", "system", "User"],
  id: [],
  email: ["a@b.co", "a.b@c.example", ".a@b.co", "a..b@c.co", "a.@b.co", "a@b", "A@B.CO", "ü@b.co", "a@b.c0"],
};

/** The JSON texts: the base event, every field replaced by each value or removed, extra and `__proto__` keys, other key orders. */
function corpus(): string[] {
  const texts = [JSON.stringify(base), "null", "[]", '"x"', "1", JSON.stringify([base])];
  for (const [key, values] of Object.entries(fieldValues)) {
    for (const value of [...values, ...strings]) texts.push(JSON.stringify({ ...base, [key]: value }));
    const { [key]: _removed, ...rest } = base as Record<string, unknown>;
    texts.push(JSON.stringify(rest));
  }
  for (const [key, values] of Object.entries(actorValues)) {
    for (const value of [...values, ...strings]) texts.push(JSON.stringify({ ...base, actor: { ...base.actor, [key]: value } }));
    const { [key]: _removed, ...rest } = base.actor as Record<string, unknown>;
    texts.push(JSON.stringify({ ...base, actor: rest }));
  }
  for (const value of strings) texts.push(JSON.stringify({ ...base, actor: value }));
  texts.push(JSON.stringify({ ...base, extra: 1 }), JSON.stringify({ ...base, constructor: 1 }), JSON.stringify({ ...base, actor: { ...base.actor, name: "Ada" } }));
  const text = JSON.stringify(base);
  texts.push(text.replace('{"eventId"', '{"__proto__":{"x":1},"eventId"'));
  texts.push(text.replace('"actor":{', '"actor":{"__proto__":{},'));
  texts.push(text.replace('"metadata":{', '"metadata":{"__proto__":{"x":1},'));
  texts.push(text.replace('"metadata":{', '"metadata":{"__proto__":1,'));
  texts.push(text.replace('"nested":[1,{', '"nested":[1,{"__proto__":2,'));
  const reversed = Object.fromEntries(Object.entries({ ...base, actor: { email: base.actor.email, id: base.actor.id, type: base.actor.type } }).reverse());
  texts.push(JSON.stringify(reversed), JSON.stringify(reversed, null, 2));
  return texts;
}

describe("src/audit/event", () => {
  it("checkParsedAuditEvent gives the schema's result (event, field order, reason) for every case", () => {
    const differing = corpus().filter((text) => JSON.stringify(checkParsedAuditEvent(JSON.parse(text))) !== JSON.stringify(checkAuditEvent(JSON.parse(text))));
    expect(differing).toEqual([]);
  });

  it("the fast path accepts only events the schema accepts, with the same JSON and the timestamp's milliseconds", () => {
    const wrong: string[] = [];
    let accepted = 0;
    for (const text of corpus()) {
      const fast = fastParsedAuditEvent(JSON.parse(text));
      if (fast === undefined) continue;
      accepted++;
      const zod = checkAuditEvent(JSON.parse(text));
      if (!zod.ok || JSON.stringify(zod.event) !== JSON.stringify(fast.event) || fast.ms !== Date.parse(zod.event.timestamp)) wrong.push(text);
    }
    expect(wrong).toEqual([]);
    expect(accepted).toBeGreaterThan(50);
  });

  it("the fast path takes ordinary events, with or without the optional fields, IPv6 included", () => {
    const { target: _t, metadata: _m, ...bare } = base;
    for (const event of [base, bare, { ...base, ip: "2001:db8::1" }, { ...base, actor: { type: "system", id: "scheduler" } }]) {
      expect(fastParsedAuditEvent(JSON.parse(JSON.stringify(event)))?.event).toEqual(checkAuditEvent(event).ok ? event : undefined);
    }
  });

  it("agrees with the schema on every day of the calendar grid, and with Date.parse on the milliseconds", () => {
    const differing: string[] = [];
    for (const year of ["0000", "0004", "1900", "1970", "2000", "2023", "2024", "2100", "9999"]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const timestamp = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}T23:59:59.999Z`;
          const fast = fastParsedAuditEvent({ ...base, timestamp });
          const zod = checkAuditEvent({ ...base, timestamp });
          if (zod.ok !== (fast !== undefined) || (fast !== undefined && fast.ms !== Date.parse(timestamp))) differing.push(timestamp);
        }
      }
    }
    expect(differing).toEqual([]);
  });

  it("reads the milliseconds of any instant from year 0000 to 9999 as Date.parse does", () => {
    const from = Date.parse("0000-01-01T00:00:00.000Z");
    const to = Date.parse("9999-12-31T23:59:59.999Z");
    const differing: string[] = [];
    for (let i = 0; i <= 5000; i++) {
      const ms = from + Math.floor(((to - from) * i) / 5000) + (i % 1000);
      const timestamp = new Date(Math.min(ms, to)).toISOString();
      if (fastParsedAuditEvent({ ...base, timestamp })?.ms !== Date.parse(timestamp)) differing.push(timestamp);
    }
    expect(differing).toEqual([]);
  });

  it("leaves what it cannot settle to the schema, with the schema's reason", () => {
    expect(fastParsedAuditEvent({ ...base, timestamp: "2026-06-01T00:00:00Z" })).toBeUndefined();
    expect(checkParsedAuditEvent({ ...base, timestamp: "2026-06-01T00:00:00Z" })).toMatchObject({ ok: true });
    expect(checkParsedAuditEvent({ ...base, timestamp: "2023-02-29T12:00:00.000Z" })).toEqual({
      ok: false,
      reason: "timestamp: expected an ISO 8601 UTC timestamp ending in Z, got 2023-02-29T12:00:00.000Z",
    });
    expect(checkParsedAuditEvent(JSON.parse(JSON.stringify(base).replace('"metadata":{', '"metadata":{"__proto__":1,')))).toEqual(checkAuditEvent(base));
  });
});
