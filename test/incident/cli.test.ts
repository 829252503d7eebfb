import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/core/clock";
import { runCliCapture } from "../support/cli";
import { scratch } from "../support/tmp";
import { REPO, TENANTS_DIR } from "./harness";

const NOW = "2026-11-29T12:00:00Z";

describe("src/cli/commands/incident-* and runbooks-* (dry runs, no AWS)", () => {
  let tmp: ReturnType<typeof scratch>;
  beforeEach(() => {
    tmp = scratch("incident-cli-");
    cpSync(TENANTS_DIR, join(tmp.dir, "tenants"), { recursive: true });
    cpSync(join(REPO, "runbooks"), join(tmp.dir, "runbooks"), { recursive: true });
  });
  afterEach(() => tmp.cleanup());

  const cli = (argv: string[], at = NOW) => runCliCapture(argv, { cwd: tmp.dir, env: { EMAILMATE_OPERATOR: "alice" }, clock: fixedClock(at) });
  const breach = (extra: string[] = []) =>
    cli(["incident", "start", "personal-data-breach", "--param", "tenants=initech", "--param", "summary=recipient lists exposed", "--param", "dataCategories=email addresses", "--param", "subjectsApprox=1200", ...extra, "--json"]);

  it("runbooks validate accepts the shipped runbooks", async () => {
    const r = await cli(["runbooks", "validate"]);
    expect([r.code, r.stdout]).toEqual([0, "ok: 6 runbooks valid (kms-key-compromise, leaked-api-key, personal-data-breach, subprocessor-incident, tenant-reputation, vulnerability-report)\n"]);
  });

  it("runbooks validate reports schema problems located, exit 2", async () => {
    const file = join(tmp.dir, "runbooks", "tenant-reputation.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("{{ params.tenant }}", "{{ params.tennant }}").replace("action: aws.ses.pauseTenant", "action: aws.ses.pause"));
    const r = await cli(["runbooks", "validate", "runbooks/tenant-reputation.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stdout.split("\n").slice(0, 2)).toEqual([
      'runbooks/tenant-reputation.yaml:53:15: E_VALUE phases.contain.0.action: expected the action: one of manual, approve, wait, aws.ses.pauseSending, aws.ses.resumeSending, aws.ses.describe, aws.kms.disableKey, aws.kms.enableKey, aws.kms.rotateKeyOnDemand, aws.kms.describeKey, aws.logs.search, audit.record, notify.draft, aws.ses.pauseTenant, aws.ses.resumeTenant, aws.ses.describeTenant, aws.kms.createReplacementKey, aws.logs.associateKmsKey, aws.sns.setTopicKey, aws.kms.updateAlias, aws.kms.retireKey, tenant.recordKeyReplacement, got the string "aws.ses.pause"',
      "1 problem",
    ]);
  });

  it("runbooks validate locates a path that does not exist, exit 2", async () => {
    const r = await cli(["runbooks", "validate", "nope"]);
    expect([r.code, r.stdout]).toEqual([2, "nope:1:1: E_FILE_UNREADABLE (document): no such file or folder; expected a runbook file or a folder of them\n1 problem\n"]);
  });

  it("runbooks validate reads a file named twice (plainly and as ./path) once", async () => {
    const r = await cli(["runbooks", "validate", "runbooks/tenant-reputation.yaml", "./runbooks/tenant-reputation.yaml"]);
    expect([r.code, r.stdout]).toEqual([0, "ok: 1 runbook valid (tenant-reputation)\n"]);
  });

  it("runbooks list shows ids, severities and parameters", async () => {
    const r = await cli(["runbooks", "list", "--json"]);
    const rows = JSON.parse(r.stdout) as { id: string; severity: string; parameters: string[] }[];
    expect(rows.map((x) => `${x.id} ${x.severity} ${x.parameters.join(" ")}`)[1]).toBe("leaked-api-key SEV2 startedAt?:datetime tenant:tenant agent:agent keyLast4:string foundAt?:string");
  });

  it("incident start is a dry run by default and opens INC-YYYYMMDD-NNN", async () => {
    const r = await cli(["incident", "start", "tenant-reputation", "--param", "tenant=acme"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").slice(0, 3)).toEqual(["opened INC-20261129-001 (GDPR role: none, not a personal-data breach)", "deadlines: none", "  [detect] confirm-rates (manual) — needs confirmation"]);
    expect(r.stdout).toContain('    sesv2:UpdateReputationEntityCustomerManagedStatus {"ReputationEntityType":"RESOURCE","ReputationEntityReference":"<TenantArn of acme>","SendingStatus":"DISABLED"}');
    const second = await cli(["incident", "start", "tenant-reputation", "--param", "tenant=acme"]);
    expect(second.stdout.split("\n")[0]).toBe("opened INC-20261129-002 (GDPR role: none, not a personal-data breach)");
  });

  it("refuses an unknown tenant parameter before anything is written", async () => {
    const r = await cli(["incident", "start", "tenant-reputation", "--param", "tenant=umbrella", "--param", "bouncerate=0.06"]);
    expect([r.code, r.stderr]).toEqual([
      2,
      'error: 2 problems with the parameters of runbook tenant-reputation:\n--param bouncerate: runbook tenant-reputation has no parameter "bouncerate"; did you mean "bounceRate"?\n--param tenant=umbrella: no tenant "umbrella" in the tenant files; expected one of: acme, initech\n',
    ]);
    expect(existsSync(join(tmp.dir, ".incidents"))).toBe(false);
  });

  it("refuses a reference the tenant cannot satisfy, located, before the incident exists", async () => {
    const file = join(tmp.dir, "runbooks", "tenant-reputation.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace('"Send the drafted notice to {{ tenant.contacts.security }} and note when."', '"Send it to {{ tenant.contacts.dpo }}"'));
    const r = await cli(["incident", "start", "tenant-reputation", "--param", "tenant=initech"]);
    expect([r.code, r.stderr.split("\n").slice(0, 2)]).toEqual([
      2,
      [
        "error: 1 problem in the references of runbook tenant-reputation (no step was run):",
        "runbooks/tenant-reputation.yaml:123:23: E_REFERENCE phases.notify.1.inputs.instructions: {{ tenant.contacts.dpo }}: the tenant has no tenant.contacts.dpo",
      ],
    ]);
    expect(existsSync(join(tmp.dir, ".incidents"))).toBe(false);
  });

  it("refuses an awareness time in the future", async () => {
    const r = await breach(["--aware-at", "2026-11-30T00:00:00Z"]);
    expect([r.code, JSON.parse(r.stdout).error.message]).toEqual([2, "--aware-at 2026-11-30T00:00:00Z is in the future; expected when we became aware (now or earlier)"]);
  });

  it("refuses an awareness time on a day that does not exist (February 30), before the incident exists", async () => {
    const r = await breach(["--aware-at", "2026-02-30T00:00:00Z"]);
    expect([r.code, JSON.parse(r.stdout).error.message]).toEqual([2, "--aware-at 2026-02-30T00:00:00Z: expected an ISO 8601 time such as 2026-11-29T08:00:00Z"]);
    expect(existsSync(join(tmp.dir, ".incidents"))).toBe(false);
  });

  it("reads an awareness time without an offset as UTC, whatever the machine's time zone", async () => {
    const tz = process.env.TZ;
    process.env.TZ = "Europe/Berlin";
    try {
      await breach(["--aware-at", "2026-11-29T08:00:00"]);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    const r = await cli(["incident", "status", "INC-20261129-001", "--json"]);
    expect((JSON.parse(r.stdout) as { awareAt: string }).awareAt).toBe("2026-11-29T08:00:00.000Z");
  });

  it("refuses a negative count, which would go into the Art. 33 notice", async () => {
    const r = await breach(["--param", "californiaResidents=-5"]);
    expect([r.code, JSON.parse(r.stdout).error.message]).toEqual([
      2,
      "1 problem with the parameters of runbook personal-data-breach:\n--param californiaResidents=-5: expected a number ≥ 0 (a count or a rate)",
    ]);
  });

  it("refuses a datetime parameter on a day that does not exist", async () => {
    const r = await cli(["incident", "start", "tenant-reputation", "--param", "tenant=acme", "--param", "startedAt=2026-11-31T09:00:00Z"]);
    expect([r.code, r.stderr]).toEqual([
      2,
      "error: 1 problem with the parameters of runbook tenant-reputation:\n--param startedAt=2026-11-31T09:00:00Z: expected an ISO 8601 time such as 2026-11-29T08:00:00Z\n",
    ]);
  });

  it("refuses --confirm, --approve and --retry naming steps the runbook does not have, exit 2", async () => {
    await cli(["incident", "start", "tenant-reputation", "--param", "tenant=acme"]);
    const r = await cli(["incident", "run", "INC-20261129-001", "--confirm", "confirm-rate", "--note", "6 %", "--approve", "investigate", "--as", "bob", "--retry", "nope"]);
    expect([r.code, r.stderr]).toEqual([
      2,
      'error: 3 problems with the flags:\n--confirm confirm-rate: runbook tenant-reputation has no step "confirm-rate"; did you mean "confirm-rates"?\n--retry nope: runbook tenant-reputation has no step "nope"\n--approve investigate: step investigate needs no approval\n',
    ]);
  });

  it("refuses --confirm without --note instead of ignoring it, before the incident exists", async () => {
    const r = await cli(["incident", "start", "tenant-reputation", "--param", "tenant=acme", "--confirm", "confirm-rates"]);
    expect([r.code, r.stderr]).toEqual([2, "error: --confirm needs --note: what was checked or done\n"]);
    expect(existsSync(join(tmp.dir, ".incidents"))).toBe(false);
  });

  it("status shows the 72-hour clock with time left", async () => {
    await breach(["--aware-at", "2026-11-29T08:00:00Z", "--gdpr-role", "controller"]);
    const r = await cli(["incident", "status", "INC-20261129-001"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("  open     notify the supervisory authority: due 2026-12-02T08:00:00.000Z, 2d 20h 00m left — GDPR Art. 33(1): within 72 hours of becoming aware");
    expect(r.stdout).toContain("next: confirm-breach (manual): Confirm it is a personal data breach");
  });

  it("status is loud when a deadline is overdue: on stderr too, exit 1", async () => {
    await breach(["--aware-at", "2026-11-25T08:00:00Z", "--gdpr-role", "controller"]);
    const r = await cli(["incident", "status", "INC-20261129-001"]);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe(
      "!!! OVERDUE by 1d 04h 00m: notify the supervisory authority was due 2026-11-28T08:00:00.000Z — GDPR Art. 33(1): within 72 hours of becoming aware",
    );
    const json = JSON.parse((await cli(["incident", "status", "INC-20261129-001", "--json"])).stdout) as { overdue: boolean };
    expect(json.overdue).toBe(true);
  });

  it("notify drafts the Art. 33(3) notice and a notice to each affected tenant's contacts when EmailMate is the controller", async () => {
    await breach(["--gdpr-role", "controller"]);
    const r = await cli(["incident", "notify", "INC-20261129-001", "--json"]);
    const data = JSON.parse(r.stdout) as { drafts: { file: string; to: string[] }[] };
    expect(data.drafts).toEqual([
      { file: "notices/authority-art33.md", to: ["<supervisory authority>"], subject: "Personal data breach notification INC-20261129-001" },
      { file: "notices/tenant-initech.md", to: ["it-security@initech.example"], subject: "Personal data breach notice INC-20261129-001" },
    ]);
    const authority = readFileSync(join(tmp.dir, ".incidents", "INC-20261129-001", "notices", "authority-art33.md"), "utf8");
    expect(authority).toContain("- Approximate number of data subjects: 1200\n- Categories of personal data records: email addresses\n");
    expect(authority).toContain("## (a) Nature of the breach\nrecipient lists exposed\n");
  });

  it("notify --mark-sent meets the deadline", async () => {
    await breach(["--aware-at", "2026-11-28T08:00:00Z", "--gdpr-role", "controller"]);
    await cli(["incident", "notify", "INC-20261129-001", "--mark-sent", "authority"]);
    await cli(["incident", "notify", "INC-20261129-001", "--mark-sent", "tenants"]);
    const json = JSON.parse((await cli(["incident", "status", "INC-20261129-001", "--json"])).stdout) as { deadlines: { kind: string; state: string }[] };
    expect(json.deadlines.map((d) => `${d.kind}:${d.state}`)).toEqual(["gdpr-authority:met", "tenant-notice:met", "phased-updates:open", "california-residents:open", "california-ag:not-required"]);
  });

  it("timeline lists the journal sorted, in UTC, as JSON", async () => {
    await breach();
    const r = await cli(["incident", "timeline", "INC-20261129-001", "--format", "json"]);
    const rows = JSON.parse(r.stdout) as { at: string; seq: number; type: string }[];
    expect(rows[0]).toEqual({
      at: "2026-11-29T12:00:00.000Z",
      seq: 1,
      type: "incident.opened",
      by: "alice",
      summary: "opened INC-20261129-001 from runbook personal-data-breach (SEV1), aware at 2026-11-29T12:00:00.000Z, owner alice",
    });
    expect(rows.map((x) => x.seq)).toEqual([...rows.map((x) => x.seq)].sort((a, b) => a - b));
  });

  it("close refuses open steps, needs a note to force, then closes", async () => {
    await breach();
    const refused = await cli(["incident", "close", "INC-20261129-001"]);
    expect([refused.code, refused.stderr.split("\n")[0]]).toEqual([2, "error: INC-20261129-001 has 10 step(s) not done: confirm-breach, assess-scope, contain, fix-cause, verify, dpo-decision, send-notices, root-cause, action-items, lessons"]);
    expect((await cli(["incident", "close", "INC-20261129-001", "--force"])).code).toBe(2);
    const forced = await cli(["incident", "close", "INC-20261129-001", "--force", "--note", "false alarm: test data only"]);
    expect(forced.code).toBe(0);
    const status = JSON.parse((await cli(["incident", "status", "INC-20261129-001", "--json"])).stdout) as { state: string };
    expect(status.state).toBe("closed");
  });

  it("refuses a journal that fails verification, loudly, and flags it in the list", async () => {
    await breach();
    await breach();
    const file = join(tmp.dir, ".incidents", "INC-20261129-001", "journal.jsonl");
    writeFileSync(file, readFileSync(file, "utf8").replace('"owner":"alice"', '"owner":"mallory"'));
    const status = await cli(["incident", "status", "INC-20261129-001"]);
    expect([status.code, status.stderr.split("\n")[0]]).toEqual([1, `error: JOURNAL FAILS VERIFICATION: ${file}:1: hash does not match the entry: the entry was changed. Refusing to read or continue this incident.`]);
    const list = await cli(["incident", "list"]);
    expect(list.code).toBe(1);
    expect(list.stdout).toContain(`!!! INC-20261129-001: JOURNAL FAILS VERIFICATION: ${file}:1`);
    expect(readdirSync(join(tmp.dir, ".incidents"))).toEqual(["INC-20261129-001", "INC-20261129-002"]);
  });

  it("postmortem drafts the sections from the journal", async () => {
    await cli(["incident", "start", "tenant-reputation", "--param", "tenant=acme", "--param", "startedAt=2026-11-29T09:00:00Z", "--aware-at", "2026-11-29T10:30:00Z", "--confirm", "confirm-rates", "--note", "bounce 6.2% since 09:10"]);
    const r = await cli(["incident", "postmortem", "INC-20261129-001"]);
    const headings = r.stdout.split("\n").filter((l) => l.startsWith("## "));
    expect(headings).toEqual(["## Summary", "## Impact", "## Response times", "## Deadlines", "## Root cause", "## Trigger", "## Detection", "## Resolution", "## Action items", "## Lessons learned", "## Timeline (UTC)"]);
    expect(r.stdout).toContain("## Detection\n- 2026-11-29T12:00:00.000Z Confirm the rates in CloudWatch: bounce 6.2% since 09:10\n");
    expect(r.stdout).toContain("## Response times\n- Time to detect: 01h 30m\n- Time to contain: not known yet\n");
  });

  it("an unknown incident id is a usage error", async () => {
    const r = await cli(["incident", "run", "INC-20261129-042"]);
    expect([r.code, r.stderr.split("\n")[0]]).toEqual([2, `error: no incident INC-20261129-042 in ${join(tmp.dir, ".incidents")}`]);
  });
});
