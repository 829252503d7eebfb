import { ExitCode, usageError } from "../../core/errors";
import { formatDeadline, NOTICE_KINDS, type Deadline } from "../../incident/deadlines";
import type { DeadlineKind } from "../../incident/schema";
import { deadlinesOf } from "../../incident/status";
import { acquireLock } from "../../incident/lock";
import { DEFAULT_CONTACT_POINT, draftNotices, type NoticeDraft } from "../../incident/notices";
import { foldJournal } from "../../incident/state";
import { join } from "node:path";
import { writeDrafts, type DraftsWritten, type KeptEdit } from "../../incident/drafts";
import type { IncidentState } from "../../incident/state";
import { openIncident } from "../../incident/store";
import type { CliContext, CommandResult } from "../context";
import { dirOf, loadTenantsFor, openForWrite, operatorOf, type IncidentDirOptions } from "./incident-common";

export interface IncidentNotifyOptions extends IncidentDirOptions {
  readonly id: string;
  readonly markSent?: string;
  readonly note?: string;
  readonly as?: string;
  readonly tenants: string;
}

/** Which notice meets each deadline (phased updates are met by the authority notice too, but restart with it). */
const MET_BY: Record<DeadlineKind, string> = {
  "gdpr-authority": "authority",
  "tenant-notice": "tenants",
  "phased-updates": "update",
  "california-residents": "california-residents",
  "california-ag": "california-ag",
  "reporter-acknowledge": "acknowledgement",
  "reporter-triage": "triage",
};

export interface IncidentNotifyData {
  readonly id: string;
  readonly drafts: readonly { file: string; to: readonly string[]; subject: string }[];
  /** Files a person had edited: left as they are, the new draft written alongside. */
  readonly kept: readonly KeptEdit[];
  readonly markedSent?: string;
  /** With --mark-sent: the deadlines that notice meets (met, or late by how much). */
  readonly deadlines?: readonly Deadline[];
  readonly notices: readonly NoticeDraft[];
}

/**
 * `incident notify <id>`: drafts the notices under the incident folder, labelled by EmailMate's GDPR role: as
 * controller the Art. 33(3) notice to the supervisory authority; to each affected tenant's security and DPO contacts
 * (from its tenant file) the Art. 33(2) notice as processor, or a security-incident notice when it is not a
 * personal-data breach. A draft a person has edited since the tool wrote it is never overwritten: the new draft goes
 * alongside it (`<name>.new-<UTC time>.md`). `--mark-sent <kind>` records that a notice went out, which meets its
 * deadline (late if after it was due).
 */
export async function incidentNotify(opts: IncidentNotifyOptions, ctx: CliContext): Promise<CommandResult<IncidentNotifyData>> {
  const dir = dirOf(opts, ctx);
  const operator = operatorOf(opts.as, ctx);
  const now = ctx.clock.now();
  if (opts.markSent !== undefined) {
    if (!(NOTICE_KINDS as readonly string[]).includes(opts.markSent)) throw usageError("E_NOTICE_KIND", `--mark-sent ${opts.markSent}: expected one of ${NOTICE_KINDS.join(", ")}`);
    const release = acquireLock(join(dir, opts.id));
    let id: string;
    let met: Deadline[];
    try {
      const incident = openForWrite(dir, opts.id, operator, ctx);
      id = incident.id;
      incident.journal.append("notice.sent", { kind: opts.markSent, by: operator.actor, unverified: true, note: opts.note ?? null }, now);
      const after = foldJournal(incident.journal.entries);
      met = deadlinesOf(incident.runbook, after, now).filter((d) => MET_BY[d.kind] === opts.markSent && (d.state === "met" || d.state === "late"));
    } finally {
      release();
    }
    return {
      data: { id, drafts: [], kept: [], markedSent: opts.markSent, notices: [], deadlines: met },
      exitCode: ExitCode.ok,
      text: () =>
        [
          `${id}: recorded the ${opts.markSent} notice as sent at ${now.toISOString()} by ${operator.actor}`,
          ...(met.length === 0 ? [`note: no deadline of ${id} is met by the ${opts.markSent} notice (see \`incident status ${id}\`)`] : met.map((d) => `  ${formatDeadline(d)}`)),
        ].join("\n"),
    };
  }
  const incident = openIncident(dir, opts.id);
  const tenants = loadTenantsFor(opts.tenants, ctx, incident.state.meta.tenants).filter((t) => incident.state.meta.tenants.includes(t.id));
  const missing = incident.state.meta.tenants.filter((id) => !tenants.some((t) => t.id === id));
  if (missing.length > 0) throw usageError("E_TENANT_MISSING", `tenant file(s) for ${missing.join(", ")} not found; the notices need their contacts`);
  const contact = ctx.env.EMAILMATE_CONTACT_POINT ?? DEFAULT_CONTACT_POINT;
  const notices = draftNotices("all", incident.runbook, incident.state, tenants, contact, now);
  const release = acquireLock(incident.folder);
  let written: DraftsWritten;
  let state: IncidentState;
  try {
    const current = openForWrite(dir, opts.id, operator, ctx);
    written = writeDrafts(current.folder, "notices", notices.map((n) => ({ name: n.name, text: n.text })), current.state.fileDigests, now);
    current.journal.append("notice.drafted", { files: written.files, digests: written.digests, kept: written.kept, by: operator.actor, unverified: true }, now);
    state = foldJournal(current.journal.entries);
  } finally {
    release();
  }
  const drafts = notices.map((n, i) => ({ file: written.files[i]!, to: n.to, subject: n.subject }));
  return {
    data: { id: incident.id, drafts, kept: written.kept, notices },
    exitCode: ExitCode.ok,
    text: () =>
      [
        `${incident.id}: drafted ${drafts.length} notice(s) in ${incident.folder}/notices (review, send, then \`incident notify ${incident.id} --mark-sent <kind>\`)`,
        ...drafts.map((d) => `  ${d.file} → ${d.to.join(", ")}`),
        ...written.kept.map((k) => `  kept your edits in ${k.file}; the new draft is ${k.draft} (merge by hand)`),
        `${state.drafts.length} draft file(s) on record`,
      ].join("\n"),
  };
}
