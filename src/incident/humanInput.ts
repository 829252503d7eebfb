import { usageError } from "../core/errors";
import { resolveValue } from "./interpolate";
import type { Decision } from "./planner";
import { callsOf, scopeOf } from "./runScope";
import type { RunContext } from "./runTypes";
import type { IncidentState } from "./state";

/**
 * Applies the human input a decision waits for: a confirmation note (from `--confirm`, else asked on a terminal) or an
 * approval (from `--approve`, else asked on a terminal). With --execute the operator is the ARN the credentials
 * belong to, and the approver must be a different principal from the requester. In a dry run names are free text:
 * the entries say `unverified` and `dryRun`, and carry no audit event (nothing was performed, nobody was verified).
 */
export async function applyHuman(run: RunContext, state: IncidentState, d: Decision, mayPrompt = true): Promise<"applied" | "stop"> {
  const { journal, opts, deps, runbook, say } = run;
  const prompt = mayPrompt ? opts.prompt : undefined;
  const me = opts.operator.actor;
  const audited = () => (opts.execute ? { auditEventId: opts.ids() } : {});
  if (d.kind === "confirm") {
    const st = d.step;
    let note = opts.confirm?.get(st.id);
    if (note === undefined && prompt) {
      let instructions: unknown = st.inputs.instructions;
      try {
        instructions = resolveValue(st.inputs.instructions, scopeOf(state, deps.tenants, runbook), [...st.path, "inputs", "instructions"]);
      } catch {
        // shown as written when a step output it names is not known (its step failed and was skipped)
      }
      say(`\n[${st.phase}] ${st.id}: ${st.title}\n  ${String(instructions ?? "")}`);
      note = await prompt(`Note to confirm ${st.id} (empty to stop here): `);
    }
    if (note === undefined || note.trim() === "") return "stop";
    journal.append("step.confirmed", { ...run.base(st), note: note.trim(), ...audited() }, run.now());
    return "applied";
  }
  if (d.kind === "approval") {
    const st = d.step;
    let requestedBy = d.requestedBy;
    const requestedNow = requestedBy === undefined;
    if (requestedBy === undefined) {
      journal.append("approval.requested", { ...run.base(st), calls: callsOf(st, state, deps.tenants, runbook) }, run.now());
      requestedBy = me;
      say(`approval requested for ${st.id} (${st.action}) by ${requestedBy}`);
    }
    let approver: string | undefined = opts.approve?.has(st.id) ? me : undefined;
    // On a terminal the person at the keyboard approves as themselves; the requester is not even asked.
    if (approver === undefined && prompt && me !== requestedBy && !d.have.includes(me)) {
      say(`\n[${st.phase}] ${st.id}: ${st.title} needs ${d.needed - d.have.length} more approval(s); requested by ${requestedBy}`);
      for (const c of callsOf(st, state, deps.tenants, runbook)) say(`  ${c.service}:${c.operation} ${JSON.stringify(c.input)}`);
      const answer = (await prompt(`Type "approve" to approve ${st.id} as ${me} (anything else stops here): `))?.trim();
      if (answer === "approve") approver = me;
    }
    if (approver === undefined) return "stop";
    // `--approve` for a step this very run has just requested: the run stops there for another principal, as it
    // would without the flag (the flag is reported unused), rather than failing after the steps it has done.
    if (approver === requestedBy && requestedNow) {
      say(`--approve ${st.id}: you requested it just now (${me}); another principal must approve it`);
      return "stop";
    }
    if (approver === requestedBy) {
      throw usageError(
        "E_SELF_APPROVAL",
        `${approver} requested step ${st.id} and cannot approve it: nobody approves their own request`,
        opts.operator.verified
          ? `another engineer, with their own AWS credentials, runs \`incident run ${run.id} --execute --approve ${st.id}\``
          : `ask another engineer to run \`incident run ${run.id} --approve ${st.id} --as <name>\``,
      );
    }
    if (d.have.includes(approver)) throw usageError("E_DUPLICATE_APPROVAL", `${approver} has already approved step ${st.id}; another person must approve`);
    journal.append("approval.granted", { ...run.base(st), by: approver, ...audited() }, run.now());
    return "applied";
  }
  return "stop";
}
