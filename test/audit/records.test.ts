import { describe, expect, it } from "vitest";
import { CSV_HEADER, csvFields, csvRecord } from "../../src/audit/records";
import { sampleEvent, seededRandom } from "./sampleEvents";

describe("src/audit/records", () => {
  it("has a header naming the columns", () => {
    expect(CSV_HEADER).toBe("eventId,timestamp,tenant,actorType,actorId,actorEmail,action,target,ip,userAgent,outcome,metadata\n");
  });

  it("quotes commas, quotes and newlines, and round-trips through csvFields", () => {
    const event = sampleEvent("acme", new Date("2026-06-01T00:00:00Z"), seededRandom(3), { userAgent: 'a "b", c\nd', metadata: { k: "v" } });
    const record = csvRecord(event);
    expect(record).toBe(`${event.eventId},2026-06-01T00:00:00.000Z,acme,user,u-1,ada@example.com,key.create,key/billing-bot,203.0.113.7,"a ""b"", c\nd",success,"{""k"":""v""}"`);
    expect(csvFields(record)).toEqual([event.eventId, "2026-06-01T00:00:00.000Z", "acme", "user", "u-1", "ada@example.com", "key.create", "key/billing-bot", "203.0.113.7", 'a "b", c\nd', "success", '{"k":"v"}']);
  });

  it("leaves absent optional fields empty", () => {
    const { target: _t, ...event } = sampleEvent("acme", new Date("2026-06-01T00:00:00Z"), seededRandom(3), { actor: { type: "system", id: "cron" } });
    expect(csvFields(csvRecord(event))?.slice(3, 8)).toEqual(["system", "cron", "", "key.create", ""]);
    expect(csvFields(csvRecord(event))?.[11]).toBe("");
  });

  it("reports an unclosed quote as an incomplete record", () => {
    expect(csvFields('a,"b')).toBeUndefined();
  });
});
