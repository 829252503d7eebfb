import { Command, Option } from "commander";
import type { Registrar } from "../program";

const collect = (value: string, previous: string[] = []) => [...previous, value];

function actOptions(cmd: Command): Command {
  return cmd
    .option("--execute", "act on AWS (without it, AWS actions are only planned and journaled: a dry run)", false)
    .option("--as <name>", "dry runs only: who you are, recorded as unverified (default: $EMAILMATE_OPERATOR, else your login name); with --execute your identity is your AWS credentials' ARN (sts:GetCallerIdentity)")
    .option("--confirm <step>", "confirm a manual step waiting for it (repeatable; each with its own --note)", collect, [])
    .option("--note <text>", "the note for --confirm or --retry (repeatable, paired with --confirm in order)", collect, [])
    .option("--same-note", "let one --note confirm every --confirm step", false)
    .option("--approve <step>", "approve a step waiting for approval (repeatable); the approver must be another principal than the requester", collect, [])
    .option("--retry <step>", "authorize another attempt of a failed or unsettled step, after checking by hand (repeatable)", collect, [])
    .option("--tenants <dir>", "tenants folder", "tenants")
    .option("--incidents-dir <dir>", "incidents folder (default: $EMAILMATE_INCIDENTS_DIR, else .incidents)");
}

const actShape = (o: Record<string, unknown>) => ({
  execute: o.execute === true,
  as: o.as as string | undefined,
  confirm: o.confirm as string[],
  note: o.note as string[],
  sameNote: o.sameNote === true,
  approve: o.approve as string[],
  retry: o.retry as string[],
  tenants: o.tenants as string,
  incidentsDir: o.incidentsDir as string | undefined,
});

const dirOption = (cmd: Command) => cmd.option("--incidents-dir <dir>", "incidents folder (default: $EMAILMATE_INCIDENTS_DIR, else .incidents)");

export function registerIncident(program: Command, r: Registrar): void {
  const incident = program.command("incident").description("run incident-response runbooks: journaled, resumable, dry-run by default");

  r.action(
    actOptions(
      incident
        .command("start")
        .description("open INC-YYYYMMDD-NNN from a runbook and run it (a dry run unless --execute)")
        .argument("<runbook>", "runbook id (runbooks/<id>.yaml)")
        .option("--param <name=value>", "a runbook parameter (repeatable)", collect, [])
        .option("--aware-at <iso>", "when we became aware, ISO 8601, UTC unless an offset is given (starts the 72-hour clock; default now)")
        .addOption(new Option("--severity <sev>", "override the runbook's severity").choices(["SEV1", "SEV2", "SEV3", "SEV4"]))
        .option("--owner <name>", "incident owner (default: who you are)")
        .addOption(new Option("--gdpr-role <role>", "EmailMate's GDPR role for this incident, overriding the runbook's: processor (tenants' data: Art. 33(2) notice to the tenant), controller (our data: Art. 33(1) authority within 72 h), none (not a personal-data breach)").choices(["processor", "controller", "none"]))
        .option("--runbooks <dir>", "runbooks folder", "runbooks"),
    ),
    async () => (await import("../commands/incident-start")).incidentStart,
    ([runbook], o) => ({
      ...actShape(o),
      runbook: runbook as string,
      params: o.param as string[],
      awareAt: o.awareAt as string | undefined,
      severity: o.severity as string | undefined,
      owner: o.owner as string | undefined,
      runbooks: o.runbooks as string,
      gdprRole: o.gdprRole as string | undefined,
    }),
  );

  r.action(
    actOptions(incident.command("run").description("continue an incident from where its journal stops").argument("<id>", "incident id")),
    async () => (await import("../commands/incident-run")).incidentRun,
    ([id], o) => ({ ...actShape(o), id: id as string }),
  );

  r.action(
    dirOption(incident.command("status").description("phase, next step, owner, deadlines with time left (exit 1 when one is overdue)").argument("<id>", "incident id")),
    async () => (await import("../commands/incident-status")).incidentStatusCommand,
    ([id], o) => ({ id: id as string, incidentsDir: o.incidentsDir as string | undefined }),
  );

  r.action(
    dirOption(incident.command("list").description("list incidents, newest first")),
    async () => (await import("../commands/incident-list")).incidentList,
    (_args, o) => ({ incidentsDir: o.incidentsDir as string | undefined }),
  );

  r.action(
    dirOption(
      incident
        .command("timeline")
        .description("the incident's timeline, sorted, in UTC")
        .argument("<id>", "incident id")
        .addOption(new Option("--format <format>", "md or json").choices(["md", "json"]).default("md")),
    ),
    async () => (await import("../commands/incident-timeline")).incidentTimeline,
    ([id], o) => ({ id: id as string, format: o.format as "md" | "json", incidentsDir: o.incidentsDir as string | undefined }),
  );

  r.action(
    dirOption(
      incident
        .command("notify")
        .description(
          "draft the notices by the incident's GDPR role (Art. 33(3) to the authority as controller, Art. 33(2) to tenants as processor); a draft you edited is never overwritten: the new one goes beside it as <name>.new-<time>.md; --mark-sent records one as sent",
        )
        .argument("<id>", "incident id")
        .addOption(new Option("--mark-sent <kind>", "record a notice as sent").choices(["authority", "tenants", "update", "california-residents", "california-ag", "acknowledgement", "triage"]))
        .option("--note <text>", "with --mark-sent: how and to whom it was sent")
        .option("--as <name>", "who you are")
        .option("--tenants <dir>", "tenants folder", "tenants"),
    ),
    async () => (await import("../commands/incident-notify")).incidentNotify,
    ([id], o) => ({
      id: id as string,
      markSent: o.markSent as string | undefined,
      note: o.note as string | undefined,
      as: o.as as string | undefined,
      tenants: o.tenants as string,
      incidentsDir: o.incidentsDir as string | undefined,
    }),
  );

  r.action(
    dirOption(
      incident
        .command("postmortem")
        .description("the post-mortem draft in Markdown, saved as postmortem.md; if you edited postmortem.md it is kept and the new draft goes beside it as postmortem.new-<time>.md")
        .argument("<id>", "incident id")
        .option("--as <name>", "who you are"),
    ),
    async () => (await import("../commands/incident-postmortem")).incidentPostmortem,
    ([id], o) => ({ id: id as string, as: o.as as string | undefined, incidentsDir: o.incidentsDir as string | undefined }),
  );

  r.action(
    dirOption(
      incident
        .command("close")
        .description("close an incident whose steps are done (a dry-run incident too); refused while steps or legal deadlines are open unless --force --reason")
        .argument("<id>", "incident id")
        .option("--note <text>", "closing note")
        .option("--force", "close with steps or legal deadlines still open (needs --reason)", false)
        .option("--reason <text>", "with --force: why it closes anyway (recorded in the journal)")
        .option("--as <name>", "who you are"),
    ),
    async () => (await import("../commands/incident-close")).incidentClose,
    ([id], o) => ({ id: id as string, note: o.note as string | undefined, reason: o.reason as string | undefined, force: o.force === true, as: o.as as string | undefined, incidentsDir: o.incidentsDir as string | undefined }),
  );
}
