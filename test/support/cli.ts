import { Readable } from "node:stream";
import { fixedClock, type Clock } from "../../src/core/clock";
import { runCli } from "../../src/cli/main";
import type { CliContext } from "../../src/cli/context";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output (no process spawn, no exit). */
export async function runCliCapture(
  argv: readonly string[],
  options: { cwd: string; env?: Record<string, string | undefined>; clock?: Clock; answers?: string[]; stdin?: string | Buffer } = { cwd: process.cwd() },
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const answers = [...(options.answers ?? [])];
  const ctx: CliContext = {
    cwd: options.cwd,
    env: options.env ?? {},
    clock: options.clock ?? fixedClock("2026-11-29T12:00:00Z"),
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    tty: { stdin: options.answers !== undefined, stderr: false },
    readLine: async () => answers.shift(),
    stdin: options.stdin === undefined ? undefined : Readable.from([Buffer.from(options.stdin)]),
  };
  const code = await runCli(argv, ctx);
  return { code, stdout, stderr };
}
