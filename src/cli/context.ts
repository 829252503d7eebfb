import type { Clock } from "../core/clock";
import type { ExitCode } from "../core/errors";

/** What a command may touch of the outside world; tests pass their own. */
export interface CliContext {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: Clock;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdin/stderr are terminals (prompts and progress only then). */
  readonly tty: { readonly stdin: boolean; readonly stderr: boolean };
  /** Reads one line from stdin (for prompts); undefined at end of input. */
  readonly readLine?: (prompt: string) => Promise<string | undefined>;
  /** Standard input as a stream (for commands that read `-`). */
  readonly stdin?: NodeJS.ReadableStream;
}

/** What every command returns: data for --json, a text rendering, and the exit code. Commands never exit. */
export interface CommandResult<T = unknown> {
  readonly data: T;
  readonly exitCode: ExitCode;
  readonly text: () => string;
  /** With --json, writes what `JSON.stringify(data, null, 2) + "\n"` would, in pieces (for very large results). */
  readonly writeJson?: (write: (text: string) => void) => void;
}

/** Progress on stderr, only when it is a terminal and not in --json mode's stdout. */
export function progress(ctx: CliContext, line: string): void {
  if (ctx.tty.stderr) ctx.stderr(`\r\x1b[2K${line}`);
}
