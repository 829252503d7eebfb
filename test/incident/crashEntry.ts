/**
 * The CLI with a crash switch, for test/incident/crash.test.ts: CRASH_TARGET names one point of the run —
 * `append:<entry type>[:<step>]` (right after that journal entry is durable) or `call:<step>` (right after the step's
 * AWS call returned, before its outcome is journaled) — and the process SIGKILLs itself there, as a crash would.
 */
import { main } from "../../src/cli/main";
import { journalHooks } from "../../src/incident/journal";
import { runnerHooks } from "../../src/incident/runner";

const target = process.env.CRASH_TARGET;
if (target) {
  journalHooks.afterAppend = (entry) => {
    const key = `append:${entry.type}${typeof entry.data.step === "string" ? `:${entry.data.step}` : ""}`;
    if (key === target) process.kill(process.pid, "SIGKILL");
  };
  runnerHooks.afterCall = (step) => {
    if (`call:${step}` === target) process.kill(process.pid, "SIGKILL");
  };
}
main(process.argv.slice(2));
