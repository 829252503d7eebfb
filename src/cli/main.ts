import { CommanderError } from "commander";
import { systemClock } from "../core/clock";
import { environmentError, ExitCode, OpsError } from "../core/errors";
import { toolVersion } from "../core/version";
import type { CliContext } from "./context";
import { buildProgram, type Outcome } from "./program";

/** Runs the CLI against a context and returns the exit code. Never exits the process. */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const outcome: Outcome = { json: argv.includes("--json") };
  const program = buildProgram(ctx, toolVersion(), outcome);
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (err) {
    return reportError(err, ctx, outcome.json);
  }
  const result = outcome.result;
  if (result === undefined) return ExitCode.ok;
  if (outcome.json && result.writeJson !== undefined) result.writeJson(ctx.stdout);
  else if (outcome.json) ctx.stdout(JSON.stringify(result.data, null, 2) + "\n");
  else {
    const text = result.text();
    if (text !== "") ctx.stdout(text.endsWith("\n") ? text : text + "\n");
  }
  return result.exitCode;
}

/** With --json, stdout carries a JSON error even when the command never ran (usage) or failed unexpectedly. */
function printJsonError(ctx: CliContext, error: { code: string; message: string; hint?: string; diagnostics?: unknown }): void {
  ctx.stdout(JSON.stringify({ ok: false, error }, null, 2) + "\n");
}

const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or folder",
  ENOTDIR: "a part of the path is not a folder",
  EISDIR: "it is a folder",
  EEXIST: "it already exists",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
};

/** Node's file-system errors (ENOTDIR, EACCES…) carry `syscall` and `path`: the environment refused, not a bug. */
function fileSystemError(err: unknown): OpsError | undefined {
  const e = err as { code?: unknown; syscall?: unknown; path?: unknown; message?: unknown } | null;
  if (e === null || typeof e !== "object" || typeof e.code !== "string" || !/^E[A-Z]+$/.test(e.code)) return undefined;
  if (typeof e.syscall !== "string" || typeof e.path !== "string") return undefined;
  const reason = FS_REASONS[e.code] ?? e.code;
  return environmentError("E_FILE_SYSTEM", `cannot ${e.syscall} ${e.path}: ${reason} (${e.code})`, {
    hint: "check the path and its permissions",
    cause: err,
  });
}

function reportError(err: unknown, ctx: CliContext, json: boolean): number {
  if (err instanceof CommanderError) {
    // Commander has printed its own message (usage errors) or the help text already.
    if (err.exitCode === 0) return ExitCode.ok;
    if (json) printJsonError(ctx, { code: "E_USAGE", message: err.message.replace(/^error: /, "") });
    return ExitCode.invalidInput;
  }
  const fsError = err instanceof OpsError ? undefined : fileSystemError(err);
  if (fsError !== undefined) err = fsError;
  if (err instanceof OpsError) {
    if (json) {
      const diagnostics = "diagnostics" in err ? (err as { diagnostics: unknown }).diagnostics : undefined;
      ctx.stdout(JSON.stringify({ ok: false, error: { code: err.code, message: err.message, hint: err.hint, diagnostics } }, null, 2) + "\n");
    } else {
      ctx.stderr(`error: ${err.message}\n`);
      if (err.hint) ctx.stderr(`hint: ${err.hint}\n`);
    }
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  if (json) printJsonError(ctx, { code: "E_INTERNAL", message });
  ctx.stderr(`internal error: ${message}\n`);
  if (ctx.env.EMAILMATE_DEBUG && err instanceof Error && err.stack) ctx.stderr(err.stack + "\n");
  else ctx.stderr("(set EMAILMATE_DEBUG=1 for a stack trace; please report this)\n");
  return ExitCode.internal;
}

/** The process entry: the only place that exits. */
export function main(argv: readonly string[]): void {
  const ctx: CliContext = {
    cwd: process.cwd(),
    env: process.env,
    clock: systemClock,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    tty: { stdin: process.stdin.isTTY === true, stderr: process.stderr.isTTY === true },
    readLine: (prompt) => readLineFromStdin(prompt),
    stdin: process.stdin,
  };
  runCli(argv, ctx).then(exitAfterFlush, (err: unknown) => {
    process.stderr.write(`internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    exitAfterFlush(ExitCode.internal);
  });
}

/** Exits once stdout and stderr have drained, so piped output is never cut and no stray handle keeps us alive. */
function exitAfterFlush(code: number): void {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

async function readLineFromStdin(prompt: string): Promise<string | undefined> {
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(prompt);
  } catch {
    return undefined;
  } finally {
    rl.close();
  }
}
