import { appendFileSync, cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock";
import { Journal } from "../../src/incident/journal";
import { runCliCapture } from "../support/cli";
import { scratch } from "../support/tmp";
import { REPO, TENANTS_DIR } from "./harness";

const NOW = "2026-11-29T12:00:00Z";
const ID = "INC-20261129-001";

describe("src/cli/commands/incident-* (flags, files people edit, dry-run close, GDPR roles, deadlines; no AWS)", () => {
  let tmp: ReturnType<typeof scratch>;
  beforeEach(() => {
    tmp = scratch("incident-flow-");
    cpSync(TENANTS_DIR, join(tmp.dir, "tenants"), { recursive: true });
    cpSync(join(REPO, "runbooks"), join(tmp.dir, "runbooks"), { recursive: true });
  });
  afterEach(() => tmp.cleanup());

  const cli = (argv: string[], at = NOW) => runCliCapture(argv, { cwd: tmp.dir, env: { EMAILMATE_OPERATOR: "alice" }, clock: fixedClock(at) });
  const json = async (argv: string[], code = 0, at = NOW) => {
    const r = await cli([...argv, "--json"], at);
    expect(r.code, r.stdout + r.stderr).toBe(code);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };
  const file = (...p: string[]) => join(tmp.dir, ".incidents", ID, ...p);
  const reputation = () => cli(["incident", "start", "tenant-reputation", "--param", "tenant=acme"]);
  const breach = (extra: string[] = []) =>
    cli(["incident", "start", "personal-data-breach", "--param", "tenants=initech", "--param", "summary=recipient lists exposed", "--param", "dataCategories=email addresses", ...extra]);

  it("refuses --confirm of a step that is already done, naming who confirmed it, and writes nothing", async () => {
    await cli(["incident", "start", "tenant-reputation", "--param", "tenant=acme", "--confirm", "confirm-rates", "--note", "6 %"]);
    const before = readFileSync(file("journal.jsonl"), "utf8");
    const r = await cli(["incident", "run", ID, "--confirm", "confirm-rates", "--note", "again"]);
    expect([r.code, r.stderr]).toEqual([2, "error: --confirm confirm-rates: step confirm-rates is not waiting for that: it is already done (confirmed by alice at 2026-11-29T12:00:00.000Z)\n"]);
    expect(readFileSync(file("journal.jsonl"), "utf8")).toBe(before);
  });

  it("refuses --confirm of a step that is not a manual step", async () => {
    await reputation();
    const r = await cli(["incident", "run", ID, "--confirm", "pause-sending", "--note", "done by hand"]);
    expect([r.code, r.stderr]).toEqual([2, "error: --confirm pause-sending: step pause-sending is aws.ses.pauseTenant, not a manual step; there is nothing to confirm\n"]);
  });

  it("refuses --approve of a step that already has its approvals", async () => {
    await breach();
    expect((await cli(["incident", "run", ID, "--approve", "dpo-decision", "--as", "bob"])).code).toBe(0);
    const r = await cli(["incident", "run", ID, "--approve", "dpo-decision", "--as", "carol"]);
    expect([r.code, r.stderr]).toEqual([2, "error: --approve dpo-decision: step dpo-decision is not waiting for approval: it has its 1 approval(s) (bob)\n"]);
  });

  it("does not let one note confirm several steps unless --same-note says so", async () => {
    await breach();
    const r = await cli(["incident", "run", ID, "--confirm", "confirm-breach", "--confirm", "assess-scope", "--note", "checked"]);
    expect([r.code, r.stderr]).toEqual([2, "error: 2 --confirm but one --note: give one --note per --confirm (in the same order), or --same-note to confirm all 2 steps with that one note\n"]);
    const same = await json(["incident", "run", ID, "--confirm", "confirm-breach", "--confirm", "assess-scope", "--note", "checked", "--same-note"]);
    expect(same.state).toBe("dry-run");
    const notes = Journal.open(file("journal.jsonl")).entries.filter((e) => e.type === "step.confirmed").map((e) => `${String(e.data.step)}: ${String(e.data.note)}`);
    expect(notes).toEqual(["confirm-breach: checked", "assess-scope: checked"]);
  });

  it("marks dry-run entries and unverified names in the timeline, and closes a dry-run incident", async () => {
    await cli(["incident", "start", "tenant-reputation", "--param", "tenant=acme", "--confirm", "confirm-rates", "--note", "6 %"]);
    const rows = (await json(["incident", "timeline", ID, "--format", "json"])) as unknown as { step?: string; type: string; dryRun?: boolean; summary: string }[];
    const pause = rows.find((x) => x.step === "pause-sending")!;
    const confirmed = rows.find((x) => x.type === "step.confirmed")!;
    expect([pause.dryRun, pause.summary]).toEqual([true, "DRY RUN: would call sesv2:GetTenant, sesv2:UpdateReputationEntityCustomerManagedStatus, sesv2:GetReputationEntity"]);
    expect([confirmed.dryRun, confirmed.summary]).toEqual([true, "DRY RUN: confirmed by alice: 6 % (unverified name)"]);
    // Manual steps still open keep it open; the planned AWS steps do not.
    const refused = await cli(["incident", "close", ID]);
    expect([refused.code, refused.stderr.split("\n")[0]]).toEqual([2, "error: INC-20261129-001 has 7 step(s) not done: investigate, suppress, approve-resume, confirm-recovered, send-tenant-notice, root-cause, action-items"]);
    const manual = ["investigate", "suppress", "confirm-recovered", "send-tenant-notice", "root-cause", "action-items"];
    await cli(["incident", "run", ID, ...manual.flatMap((s) => ["--confirm", s]), "--note", "drill", "--same-note", "--as", "alice"]);
    await cli(["incident", "run", ID, "--approve", "approve-resume", "--as", "bob"]);
    const closed = await json(["incident", "close", ID, "--note", "drill over"]);
    expect([closed.dryRun, closed.notPerformed]).toEqual([true, ["describe-sending", "pause-sending", "record-pause", "search-audit", "approve-resume", "resume-sending", "watch-rates", "draft-tenant-notice"]]);
    const timeline = await cli(["incident", "timeline", ID]);
    expect(timeline.stdout).toContain("closed by alice (a dry-run incident: nothing was performed on AWS): drill over (unverified name)");
  });

  it("never overwrites a notice someone edited: the new draft goes beside it, and an unedited one is refreshed", async () => {
    await breach();
    await cli(["incident", "notify", ID]);
    const edited = readFileSync(file("notices", "tenant-initech.md"), "utf8").replace("_to be completed", "about 1,200 recipients of the March campaign");
    writeFileSync(file("notices", "tenant-initech.md"), edited);
    const again = await json(["incident", "notify", ID], 0, "2026-11-29T13:00:00Z");
    expect([again.drafts, again.kept]).toEqual([
      [{ file: "notices/tenant-initech.new-20261129T130000Z.md", to: ["it-security@initech.example"], subject: "Personal data breach notice (GDPR Art. 33(2)) INC-20261129-001" }],
      [{ file: "notices/tenant-initech.md", draft: "notices/tenant-initech.new-20261129T130000Z.md" }],
    ]);
    expect(readFileSync(file("notices", "tenant-initech.md"), "utf8")).toBe(edited);
    // The draft the tool wrote and nobody touched is simply rewritten.
    const third = await json(["incident", "notify", ID], 0, "2026-11-29T14:00:00Z");
    expect((third.drafts as { file: string }[]).map((d) => d.file)).toEqual(["notices/tenant-initech.new-20261129T140000Z.md"]);
    writeFileSync(file("notices", "tenant-initech.md"), readFileSync(file("notices", "tenant-initech.new-20261129T130000Z.md"), "utf8"));
  });

  it("never overwrites an edited postmortem.md: the new draft is saved beside it and said on stderr", async () => {
    await reputation();
    await cli(["incident", "postmortem", ID]);
    const first = readFileSync(file("postmortem.md"), "utf8");
    await cli(["incident", "postmortem", ID]);
    expect(readFileSync(file("postmortem.md"), "utf8")).toBe(first.length > 0 ? readFileSync(file("postmortem.md"), "utf8") : "");
    writeFileSync(file("postmortem.md"), first.replace("## Root cause\n_to be written_", "## Root cause\nA list bought from a broker."));
    const r = await cli(["incident", "postmortem", ID, "--json"], "2026-11-29T15:00:00Z");
    const data = JSON.parse(r.stdout) as { file: string; kept?: { file: string; draft: string } };
    expect([data.file, data.kept, r.stderr]).toEqual([
      "postmortem.new-20261129T150000Z.md",
      { file: "postmortem.md", draft: "postmortem.new-20261129T150000Z.md" },
      "kept your edits in postmortem.md; this draft is saved as postmortem.new-20261129T150000Z.md (merge by hand)\n",
    ]);
    expect(readFileSync(file("postmortem.md"), "utf8")).toContain("## Root cause\nA list bought from a broker.");
  });

  it("as processor (the runbook's default) drafts only the Art. 33(2) notice to the tenant; the authority clock is the tenant's", async () => {
    await breach();
    const status = await json(["incident", "status", ID]);
    const deadlines = (status.deadlines as { kind: string; state: string; basis: string }[]).map((d) => `${d.kind}:${d.state}`);
    expect([status.gdprRole, deadlines]).toEqual([
      "processor",
      ["gdpr-authority:not-required", "tenant-notice:open", "phased-updates:not-required", "california-residents:not-required", "california-ag:not-required"],
    ]);
    const notify = await json(["incident", "notify", ID]);
    expect((notify.drafts as { file: string }[]).map((d) => d.file)).toEqual(["notices/tenant-initech.md"]);
    expect(readFileSync(file("notices", "tenant-initech.md"), "utf8")).toContain("As your processor (GDPR Art. 33(2)) we are informing you, the controller, without undue delay of a personal data breach");
  });

  it("gives a reputation incident no GDPR label: it is not a personal-data breach", async () => {
    await reputation();
    await json(["incident", "notify", ID]);
    const text = readFileSync(file("notices", "tenant-acme.md"), "utf8");
    expect([text.includes("Art. 33"), text.split("\n")[1]]).toEqual([false, "Subject: Security incident notice INC-20261129-001 — Acme Corp"]);
  });

  it("shows the deadlines at start, by the role given with --gdpr-role", async () => {
    const r = await breach(["--gdpr-role", "controller", "--aware-at", "2026-11-29T08:00:00Z"]);
    expect(r.stdout.split("\n").slice(0, 5)).toEqual([
      "opened INC-20261129-001 (GDPR role: controller)",
      "deadlines (from awareness):",
      "  open     notify the supervisory authority: due 2026-12-02T08:00:00.000Z, 2d 20h 00m left — GDPR Art. 33(1): within 72 hours of becoming aware",
      "  open     notify affected tenants: due 2026-12-02T08:00:00.000Z, 2d 20h 00m left — the security page: customers affected by a security incident are told within 72 hours",
      "  not yet  next update to the authority: starts with the first notice — GDPR Art. 33(4): information in phases; an update every 72 hours until closed (our cadence)",
    ]);
  });

  it("refuses to close while a legal deadline is open unless --force --reason, and records the reason", async () => {
    await breach();
    const steps = ["confirm-breach", "assess-scope", "contain", "fix-cause", "verify", "send-notices", "root-cause", "action-items", "lessons"];
    await cli(["incident", "run", ID, ...steps.flatMap((s) => ["--confirm", s]), "--note", "done", "--same-note", "--approve", "dpo-decision", "--as", "bob"]);
    const refused = await cli(["incident", "close", ID]);
    expect([refused.code, refused.stderr.split("\n").slice(0, 2)]).toEqual([
      2,
      [
        "error: INC-20261129-001 has 1 legal deadline(s) still open:",
        "  open     notify the controllers (affected tenants): due 2026-12-02T12:00:00.000Z, 3d 00h 00m left — GDPR Art. 33(2): without undue delay; the security page promises 72 hours",
      ],
    ]);
    expect((await cli(["incident", "close", ID, "--force"])).code).toBe(2);
    const forced = await json(["incident", "close", ID, "--force", "--reason", "the tenant was told by phone; the written notice follows"]);
    expect(forced.openDeadlines).toEqual(["tenant-notice"]);
    const closedEntry = Journal.open(file("journal.jsonl")).entries.at(-1)!;
    expect([closedEntry.data.forced, closedEntry.data.reason]).toEqual([true, "the tenant was told by phone; the written notice follows"]);
  });

  it("runs the vulnerability-report clocks (24 h acknowledge, 72 h triage): late is late, and the post-mortem lists it and credits the reporter", async () => {
    const start = await cli([
      "incident", "start", "vulnerability-report", "--aware-at", "2026-11-28T08:00:00Z",
      "--param", "reporter=Jane Doe", "--param", "reporterContact=jane@example.org", "--param", "creditAs=Jane Doe (@jdoe)", "--param", "summary=open redirect on /login",
    ]);
    expect(start.stdout.split("\n").slice(0, 4)).toEqual([
      "opened INC-20261129-001 (GDPR role: none, not a personal-data breach)",
      "deadlines (from awareness):",
      "  !!! OVERDUE by 04h 00m: acknowledge the report to the reporter was due 2026-11-29T08:00:00.000Z — the security page: we acknowledge within 24 hours",
      "  open     triage the report and tell the reporter: due 2026-12-01T08:00:00.000Z, 1d 20h 00m left — the security page: we aim to triage within 72 hours",
    ]);
    const ack = await cli(["incident", "notify", ID, "--mark-sent", "acknowledgement", "--note", "replied from security@"]);
    expect(ack.stdout).toBe(
      "INC-20261129-001: recorded the acknowledgement notice as sent at 2026-11-29T12:00:00.000Z by alice\n  LATE     acknowledge the report to the reporter: done 2026-11-29T12:00:00.000Z, late by 04h 00m (was due 2026-11-29T08:00:00.000Z) — the security page: we acknowledge within 24 hours\n",
    );
    const stray = await cli(["incident", "notify", ID, "--mark-sent", "authority"]);
    expect(stray.stdout.split("\n")[1]).toBe("note: no deadline of INC-20261129-001 is met by the authority notice (see `incident status INC-20261129-001`)");
    await cli(["incident", "notify", ID, "--mark-sent", "triage"], "2026-11-30T08:00:00Z");
    const status = await json(["incident", "status", ID], 0, "2026-11-30T09:00:00Z");
    const d = status.deadlines as { kind: string; state: string; lateByMs?: number }[];
    expect(d.map((x) => `${x.kind}:${x.state}:${x.lateByMs ?? "-"}`)).toEqual(["reporter-acknowledge:late:14400000", "reporter-triage:met:-"]);
    const pm = await json(["incident", "postmortem", ID], 0, "2026-11-30T09:00:00Z");
    const md = String(pm.markdown);
    expect(md).toContain(
      "## Deadlines\nMissed:\n- acknowledge the report to the reporter: sent 2026-11-29T12:00:00.000Z, late by 04h 00m (due 2026-11-29T08:00:00.000Z) — the security page: we acknowledge within 24 hours\n",
    );
    expect(md).toContain("## Credit\nReported by Jane Doe; to be credited publicly as: Jane Doe (@jdoe).\n");
  });

  it("shows a journal with a torn last line up to it, and the next writing command recovers it", async () => {
    await reputation();
    const journal = file("journal.jsonl");
    const entries = Journal.open(journal).entries.length;
    appendFileSync(journal, '{"seq":');
    const status = await cli(["incident", "status", ID]);
    expect([status.code, status.stderr]).toEqual([
      0,
      `warning: ${journal}:${entries + 1}: the last line is torn (a crash while writing it); shown up to it; the next command that writes (run, notify, postmortem, close) cuts it and records that\n`,
    ]);
    const notify = await cli(["incident", "notify", ID, "--mark-sent", "tenants"]);
    expect([notify.code, notify.stderr]).toEqual([0, `warning: ${journal}:${entries + 1}: the last line was torn (cut by a crash while being written); removed 7 bytes, recorded as entry ${entries + 1}\n`]);
    expect(Journal.open(journal).entries.slice(-2).map((e) => e.type)).toEqual(["journal.recovered", "notice.sent"]);
  });

  it("leaves an approval this same dry run requested for another person, and says so", async () => {
    const r = await cli(["incident", "start", "personal-data-breach", "--param", "tenants=initech", "--param", "summary=s", "--param", "dataCategories=d", "--approve", "dpo-decision", "--json"]);
    const data = JSON.parse(r.stdout) as { state: string; unused?: string[] };
    expect([r.code, data.state, data.unused]).toEqual([0, "dry-run", ["--approve dpo-decision"]]);
    expect((await cli(["incident", "run", ID, "--approve", "dpo-decision", "--as", "bob"])).code).toBe(0);
  });

  it("refuses --retry of a step that has not failed", async () => {
    await reputation();
    const r = await cli(["incident", "run", ID, "--retry", "pause-sending", "--note", "checked"]);
    expect([r.code, r.stderr]).toEqual([
      2,
      "error: --retry pause-sending: step pause-sending is not waiting for a retry (it is pending); only a failed step or one that needs a human can be retried\n",
    ]);
  });
});
