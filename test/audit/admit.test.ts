import { describe, expect, it } from "vitest";
import { admitLogEvent, admitMessages, canonicalJson } from "../../src/audit/admit";
import { checkAuditEvent, fastParsedAuditEvent, type AuditEvent } from "../../src/audit/event";
import { parseRunLine } from "../../src/audit/merge";
import { leafHash } from "../../src/audit/merkle";
import { BASE_EVENT } from "./sampleEvents";

const base = BASE_EVENT;

const event = (i: number, ms: number, overrides: Partial<AuditEvent> = {}): string =>
  JSON.stringify({ ...base, eventId: `01JDZ8Q4X0K6W3V2T1S0R9P${String(i).padStart(3, "0")}`, timestamp: new Date(ms).toISOString(), ...overrides });

describe("src/audit/admit", () => {
  it("builds the same canonical JSON as JSON.stringify of the schema's event, escapes and odd characters included", () => {
    const userAgents = ['say "hi"', "back\\slash", "tab\tnew\nline", "\u0001\u001f\u007f", "ünïcödé €", "𝄞", "lone \ud800 high", "lone \udc00 low", "\u2028\u2029", "</script>"];
    const messages: string[] = [];
    for (const userAgent of userAgents) {
      messages.push(JSON.stringify({ ...base, userAgent }));
      messages.push(JSON.stringify({ ...base, target: userAgent, metadata: { note: userAgent, n: 1.5e21, list: [null, true, { "2": 1, a: -0 }] } }));
    }
    messages.push(JSON.stringify({ ...base, userAgent: "\u00e9" }).replace("\u00e9", "\\u00e9"), `  ${JSON.stringify(base, null, 2)}  `);
    messages.push(JSON.stringify({ ...base, userAgent: "@UA@" }).replace("@UA@", "raw \ud800 surrogate"));
    const wrong = messages.filter((message) => {
      const fast = fastParsedAuditEvent(JSON.parse(message));
      const zod = checkAuditEvent(JSON.parse(message));
      return fast === undefined || !zod.ok || canonicalJson(message, fast.event) !== JSON.stringify(zod.event);
    });
    expect(wrong).toEqual([]);
  });

  it("admits a valid event with its sort key and canonical JSON, and gives the schema's reason otherwise", () => {
    const { outcome, ...rest } = base;
    const message = JSON.stringify({ outcome, ...rest }); // fields in another order
    expect(admitLogEvent({ message }, "acme")).toEqual({ ms: Date.parse(base.timestamp), id: base.eventId, leaf: "", json: JSON.stringify(base) });
    expect(admitLogEvent({ message: "{" }, "acme")).toBe("message is not JSON");
    expect(admitLogEvent({ message: JSON.stringify({ ...base, ip: "300.1.1.1" }) }, "acme")).toBe("ip: expected an IPv4 or IPv6 address, got 300.1.1.1");
    expect(admitLogEvent({ message }, "globex")).toBe("tenant: expected globex, got acme");
  });

  it("writes a page's admitted events as sorted run lines carrying their leaf hashes, and hands back the rejects", () => {
    const t = Date.parse("2026-06-01T00:00:00Z");
    const messages = [event(3, t + 2), "not json", event(2, t + 1), event(1, t + 1), event(4, t, { tenant: "globex" }), event(5, t + 1, { outcome: "failure" }), event(5, t + 1)];
    const batch = admitMessages(messages, "acme", true);
    const lines = Buffer.from(batch.run).toString("utf8").split("\n");
    expect(lines.pop()).toBe("");
    const entries = lines.map(parseRunLine);
    expect(entries.map((e) => [e.ms - t, e.id.slice(-3)])).toEqual([[1, "001"], [1, "002"], [1, "005"], [1, "005"], [2, "003"]]);
    // the same id and time: ordered by the JSON ("failure" < "success")
    expect(entries.slice(2, 4).map((e) => (JSON.parse(e.json) as AuditEvent).outcome)).toEqual(["failure", "success"]);
    expect(entries.map((e) => e.leaf)).toEqual(entries.map((e) => leafHash(e.json).toString("hex")));
    expect([batch.count, batch.first, batch.last]).toEqual([5, entries[0], entries[4]]);
    expect([batch.rejected, batch.reasons, batch.messages]).toEqual([[1, 4], ["message is not JSON", "tenant: expected acme, got globex"], [messages[1], messages[4]]]);
  });

  it("leaves the leaf hash out when not asked (CSV exports hash their own records)", () => {
    const batch = admitMessages([event(1, Date.parse("2026-06-01T00:00:00Z"))], "acme", false);
    const entry = parseRunLine(Buffer.from(batch.run).toString("utf8").trimEnd());
    expect(entry.leaf).toBe("");
    expect(batch.first).toEqual(entry);
  });
});
