import { ExitCode } from "../../core/errors";
import { postmortemMarkdown, responseTimes, type ResponseTimes } from "../../incident/postmortem";
import { openIncident, writeIncidentFiles } from "../../incident/store";
import type { CliContext, CommandResult } from "../context";
import { dirOf, type IncidentDirOptions } from "./incident-common";

export interface IncidentPostmortemOptions extends IncidentDirOptions {
  readonly id: string;
}

export interface IncidentPostmortemData {
  readonly id: string;
  readonly file: string;
  readonly times: ResponseTimes;
  readonly markdown: string;
}

/** `incident postmortem <id>`: the post-mortem draft (Markdown) from the journal, printed and saved as postmortem.md. */
export async function incidentPostmortem(opts: IncidentPostmortemOptions, ctx: CliContext): Promise<CommandResult<IncidentPostmortemData>> {
  const incident = openIncident(dirOf(opts, ctx), opts.id);
  const markdown = postmortemMarkdown(incident.runbook, incident.state, incident.journal.entries);
  const [file] = writeIncidentFiles(incident.folder, ".", [{ name: "postmortem.md", text: markdown }]);
  return {
    data: { id: incident.id, file: file!, times: responseTimes(incident.runbook, incident.state), markdown },
    exitCode: ExitCode.ok,
    text: () => markdown,
  };
}
