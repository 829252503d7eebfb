/**
 * Runs the CLI like bin/emailmate-ops does, but with a fixed clock (EMAILMATE_TEST_CLOCK): the export test kills this
 * process with SIGKILL mid-export and resumes in-process, expecting the same bytes as an uninterrupted run.
 */
import { runCli } from "../../src/cli/main";
import { fixedClock } from "../../src/core/clock";

runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  clock: fixedClock(process.env.EMAILMATE_TEST_CLOCK ?? "2026-11-29T12:00:00Z"),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  tty: { stdin: false, stderr: false },
}).then((code) => process.exit(code));
