import { join } from "node:path";
import { ExitCode } from "../../core/errors";
import { writeDrafts, type KeptEdit } from "../../incident/drafts";
import { acquireLock } from "../../incident/lock";
import { postmortemMarkdown, responseTimes, type ResponseTimes } from "../../incident/postmortem";
import { deadlinesOf } from "../../incident/status";
import type { CliContext, CommandResult } from "../context";
import { dirOf, openForWrite, operatorOf, type IncidentDirOptions } from "./incident-common";

export interface IncidentPostmortemOptions extends IncidentDirOptions {
  readonly id: string;
  readonly as?: string;
}

export interface IncidentPostmortemData {
  readonly id: string;
  /** Where this draft was written: postmortem.md, or beside it when a person had edited postmortem.md. */
  readonly file: string;
  /** Set when postmortem.md had been edited since the tool wrote it: it is left as it is. */
  readonly kept?: KeptEdit;
  readonly times: ResponseTimes;
  readonly markdown: string;
}

/**
 * `incident postmortem <id>`: the post-mortem draft (Markdown) from the journal, printed and saved as postmortem.md.
 * A postmortem.md a person has edited since the tool wrote it is never overwritten: the new draft is saved beside it
 * (`postmortem.new-<UTC time>.md`) for them to merge.
 */
export async function incidentPostmortem(opts: IncidentPostmortemOptions, ctx: CliContext): Promise<CommandResult<IncidentPostmortemData>> {
  const dir = dirOf(opts, ctx);
  const operator = operatorOf(opts.as, ctx);
  const now = ctx.clock.now();
  const release = acquireLock(join(dir, opts.id));
  try {
    const incident = openForWrite(dir, opts.id, operator, ctx);
    const markdown = postmortemMarkdown(incident.runbook, incident.state, incident.journal.entries, deadlinesOf(incident.runbook, incident.state, now));
    const written = writeDrafts(incident.folder, ".", [{ name: "postmortem.md", text: markdown }], incident.state.fileDigests, now);
    incident.journal.append("postmortem.drafted", { files: written.files, digests: written.digests, kept: written.kept, by: operator.actor, unverified: true }, now);
    const kept = written.kept[0];
    const data = { id: incident.id, file: written.files[0]!, ...(kept ? { kept } : {}), times: responseTimes(incident.runbook, incident.state), markdown };
    if (kept) ctx.stderr(`kept your edits in ${kept.file}; this draft is saved as ${kept.draft} (merge by hand)\n`);
    return { data, exitCode: ExitCode.ok, text: () => markdown };
  } finally {
    release();
  }
}
