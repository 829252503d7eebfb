import { describe, expect, it } from "vitest";
import { computeDeadlines, formatDeadline, formatDuration } from "../../src/incident/deadlines";

const AWARE = "2026-11-29T08:00:00.000Z";
const at = (iso: string) => new Date(iso);

describe("src/incident/deadlines", () => {
  it("puts the GDPR authority deadline 72 hours after awareness", () => {
    const [d] = computeDeadlines({ awareAt: AWARE, kinds: ["gdpr-authority"], noticesSent: [], gdprRole: "controller" }, at("2026-11-30T08:00:00Z"));
    expect(d).toMatchObject({ kind: "gdpr-authority", due: "2026-12-02T08:00:00.000Z", state: "open", remainingMs: 48 * 3_600_000 });
  });

  it("is still open one minute before 72 hours", () => {
    const [d] = computeDeadlines({ awareAt: AWARE, kinds: ["gdpr-authority"], noticesSent: [], gdprRole: "controller" }, at("2026-12-02T07:59:00Z"));
    expect([d!.state, formatDuration(d!.remainingMs!)]).toEqual(["open", "00h 01m"]);
  });

  it("is overdue one minute after 72 hours, and says so loudly", () => {
    const [d] = computeDeadlines({ awareAt: AWARE, kinds: ["gdpr-authority"], noticesSent: [], gdprRole: "controller" }, at("2026-12-02T08:01:00Z"));
    expect(d!.state).toBe("overdue");
    expect(formatDeadline(d!)).toBe(
      "!!! OVERDUE by 00h 01m: notify the supervisory authority was due 2026-12-02T08:00:00.000Z — GDPR Art. 33(1): within 72 hours of becoming aware",
    );
  });

  it("is met by the authority notice recorded as sent, even after the deadline", () => {
    const [d] = computeDeadlines({ awareAt: AWARE, kinds: ["gdpr-authority"], noticesSent: [{ kind: "authority", at: "2026-12-01T10:00:00.000Z" }], gdprRole: "controller" }, at("2026-12-05T00:00:00Z"));
    expect([d!.state, d!.metAt]).toEqual(["met", "2026-12-01T10:00:00.000Z"]);
  });

  it("runs phased updates every 72 hours from the last notice or update", () => {
    const sent = [
      { kind: "authority", at: "2026-11-30T08:00:00.000Z" },
      { kind: "update", at: "2026-12-02T08:00:00.000Z" },
    ];
    const [d] = computeDeadlines({ awareAt: AWARE, kinds: ["phased-updates"], noticesSent: sent, gdprRole: "controller" }, at("2026-12-03T08:00:00Z"));
    expect([d!.due, d!.state]).toEqual(["2026-12-05T08:00:00.000Z", "open"]);
  });

  it("starts phased updates only after the first notice", () => {
    const [d] = computeDeadlines({ awareAt: AWARE, kinds: ["phased-updates"], noticesSent: [], gdprRole: "controller" }, at("2026-12-03T08:00:00Z"));
    expect(d!.state).toBe("not-yet");
  });

  it("gives California residents 30 days", () => {
    const [d] = computeDeadlines({ awareAt: AWARE, kinds: ["california-residents"], noticesSent: [], gdprRole: "controller" }, at("2026-12-29T09:00:00Z"));
    expect([d!.due, d!.state]).toEqual(["2026-12-29T08:00:00.000Z", "overdue"]);
  });

  it("asks for the Attorney General sample notice within 15 days of the residents' notice only above 500 residents", () => {
    const few = computeDeadlines({ awareAt: AWARE, kinds: ["california-ag"], noticesSent: [], gdprRole: "controller", californiaResidents: 500 }, at(AWARE));
    const many = computeDeadlines(
      { awareAt: AWARE, kinds: ["california-ag"], noticesSent: [{ kind: "california-residents", at: "2026-12-10T00:00:00.000Z" }], californiaResidents: 501, gdprRole: "controller" },
      at(AWARE),
    );
    expect([few[0]!.state, many[0]!.due]).toEqual(["not-required", "2026-12-25T00:00:00.000Z"]);
  });

  it("formats durations with days", () => {
    expect(formatDuration(2 * 86_400_000 + 3 * 3_600_000 + 12 * 60_000)).toBe("2d 03h 12m");
  });

  it("says late, never met, for a notice sent after it was due, with how late", () => {
    const [d] = computeDeadlines({ awareAt: AWARE, kinds: ["gdpr-authority"], noticesSent: [{ kind: "authority", at: "2026-12-02T10:30:00.000Z" }], gdprRole: "controller" }, at("2026-12-05T00:00:00Z"));
    expect([d!.state, d!.lateByMs, formatDeadline(d!)]).toEqual([
      "late",
      150 * 60_000,
      "LATE     notify the supervisory authority: done 2026-12-02T10:30:00.000Z, late by 02h 30m (was due 2026-12-02T08:00:00.000Z) — GDPR Art. 33(1): within 72 hours of becoming aware",
    ]);
  });

  it("as processor runs no authority clock: Art. 33(1) is the controller's; the tenant notice is Art. 33(2) and legal", () => {
    const ds = computeDeadlines({ awareAt: AWARE, kinds: ["gdpr-authority", "tenant-notice", "phased-updates"], noticesSent: [], gdprRole: "processor" }, at(AWARE));
    expect(ds.map((d) => `${d.kind}:${d.state}:${d.legal}`)).toEqual(["gdpr-authority:not-required:false", "tenant-notice:open:true", "phased-updates:not-required:false"]);
    expect(ds[1]!.basis).toBe("GDPR Art. 33(2): without undue delay; the security page promises 72 hours");
  });

  it("runs no GDPR clock for an incident that is not a personal-data breach, and labels the tenant notice by the security page only", () => {
    const ds = computeDeadlines({ awareAt: AWARE, kinds: ["gdpr-authority", "tenant-notice"], noticesSent: [], gdprRole: "none" }, at(AWARE));
    expect(ds.map((d) => `${d.kind}:${d.state}:${d.legal}:${d.basis}`)).toEqual([
      "gdpr-authority:not-required:false:not a personal-data breach (GDPR role none): no GDPR clock runs",
      "tenant-notice:open:false:the security page: customers affected by a security incident are told within 72 hours",
    ]);
  });

  it("gives a vulnerability reporter an acknowledgement within 24 hours and a triage within 72", () => {
    const ds = computeDeadlines({ awareAt: AWARE, kinds: ["reporter-acknowledge", "reporter-triage"], noticesSent: [], gdprRole: "none" }, at(AWARE));
    expect(ds.map((d) => `${d.kind}:${d.due}`)).toEqual(["reporter-acknowledge:2026-11-30T08:00:00.000Z", "reporter-triage:2026-12-02T08:00:00.000Z"]);
  });
});
