import { ExitCode, usageError } from "../../core/errors";
import { NOTICE_KINDS } from "../../incident/deadlines";
import { acquireLock } from "../../incident/journal";
import { DEFAULT_CONTACT_POINT, draftNotices, type NoticeDraft } from "../../incident/notices";
import { foldJournal } from "../../incident/state";
import { openIncident, writeIncidentFiles } from "../../incident/store";
import type { CliContext, CommandResult } from "../context";
import { dirOf, loadTenantsFor, operatorOf, type IncidentDirOptions } from "./incident-common";

export interface IncidentNotifyOptions extends IncidentDirOptions {
  readonly id: string;
  readonly markSent?: string;
  readonly note?: string;
  readonly as?: string;
  readonly tenants: string;
}

export interface IncidentNotifyData {
  readonly id: string;
  readonly drafts: readonly { file: string; to: readonly string[]; subject: string }[];
  readonly markedSent?: string;
  readonly notices: readonly NoticeDraft[];
}

/**
 * `incident notify <id>`: drafts the Art. 33(3) notice to the supervisory authority and an Art. 33(2) notice to each
 * affected tenant's security and DPO contacts (from its tenant file) under the incident folder; `--mark-sent <kind>`
 * records that a notice went out, which meets its deadline.
 */
export async function incidentNotify(opts: IncidentNotifyOptions, ctx: CliContext): Promise<CommandResult<IncidentNotifyData>> {
  const incident = openIncident(dirOf(opts, ctx), opts.id);
  const operator = operatorOf(opts.as, ctx);
  const now = ctx.clock.now();
  if (opts.markSent !== undefined) {
    if (!(NOTICE_KINDS as readonly string[]).includes(opts.markSent)) throw usageError("E_NOTICE_KIND", `--mark-sent ${opts.markSent}: expected one of ${NOTICE_KINDS.join(", ")}`);
    const release = acquireLock(incident.folder);
    try {
      incident.journal.append("notice.sent", { kind: opts.markSent, by: operator.actor, note: opts.note ?? null }, now);
    } finally {
      release();
    }
    return {
      data: { id: incident.id, drafts: [], markedSent: opts.markSent, notices: [] },
      exitCode: ExitCode.ok,
      text: () => `${incident.id}: recorded the ${opts.markSent} notice as sent at ${now.toISOString()} by ${operator.actor}`,
    };
  }
  const tenants = loadTenantsFor(opts.tenants, ctx, incident.state.meta.tenants).filter((t) => incident.state.meta.tenants.includes(t.id));
  const missing = incident.state.meta.tenants.filter((id) => !tenants.some((t) => t.id === id));
  if (missing.length > 0) throw usageError("E_TENANT_MISSING", `tenant file(s) for ${missing.join(", ")} not found; the notices need their contacts`);
  const contact = ctx.env.EMAILMATE_CONTACT_POINT ?? DEFAULT_CONTACT_POINT;
  const notices = draftNotices("all", incident.runbook, incident.state, tenants, contact, now);
  const release = acquireLock(incident.folder);
  let files: string[];
  try {
    files = writeIncidentFiles(incident.folder, "notices", notices.map((n) => ({ name: n.name, text: n.text })));
    incident.journal.append("notice.drafted", { files, by: operator.actor }, now);
  } finally {
    release();
  }
  const state = foldJournal(incident.journal.entries);
  const drafts = notices.map((n, i) => ({ file: files[i]!, to: n.to, subject: n.subject }));
  return {
    data: { id: incident.id, drafts, notices },
    exitCode: ExitCode.ok,
    text: () =>
      [
        `${incident.id}: drafted ${drafts.length} notice(s) in ${incident.folder}/notices (review, send, then \`incident notify ${incident.id} --mark-sent <kind>\`)`,
        ...drafts.map((d) => `  ${d.file} → ${d.to.join(", ")}`),
        `${state.drafts.length} draft file(s) on record`,
      ].join("\n"),
  };
}
