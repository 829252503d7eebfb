import { ExitCode } from "../../core/errors";
import { openIncident } from "../../incident/store";
import { timelineMarkdown, timelineRows, type TimelineRow } from "../../incident/timeline";
import type { CliContext, CommandResult } from "../context";
import { dirOf, type IncidentDirOptions } from "./incident-common";

export interface IncidentTimelineOptions extends IncidentDirOptions {
  readonly id: string;
  readonly format: "md" | "json";
}

/** `incident timeline <id> [--format md|json]`: the journal as a timeline, sorted, in UTC. */
export async function incidentTimeline(opts: IncidentTimelineOptions, ctx: CliContext): Promise<CommandResult<TimelineRow[]>> {
  const incident = openIncident(dirOf(opts, ctx), opts.id);
  const rows = timelineRows(incident.journal.entries);
  return {
    data: rows,
    exitCode: ExitCode.ok,
    text: () => (opts.format === "json" ? JSON.stringify(rows, null, 2) : `# Timeline ${incident.id} (UTC)\n\n${timelineMarkdown(rows)}`),
  };
}
