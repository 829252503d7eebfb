/** Process exit codes, one meaning each (see README "Exit codes"). */
export const ExitCode = {
  ok: 0,
  findings: 1,
  invalidInput: 2,
  environment: 3,
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The one base error of the project: a stable code, the exit code it maps to, and an optional hint.
 * Anything thrown that is not an OpsError is an internal error (exit 70).
 */
export class OpsError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint?: string;

  constructor(code: string, message: string, options: { exitCode?: ExitCode; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "OpsError";
    this.code = code;
    this.exitCode = options.exitCode ?? ExitCode.invalidInput;
    this.hint = options.hint;
  }
}

/** Invalid input or usage: exit 2. */
export function usageError(code: string, message: string, hint?: string): OpsError {
  return new OpsError(code, message, { exitCode: ExitCode.invalidInput, hint });
}

/** Environment or AWS trouble: exit 3. */
export function environmentError(code: string, message: string, options: { hint?: string; cause?: unknown } = {}): OpsError {
  return new OpsError(code, message, { exitCode: ExitCode.environment, ...options });
}
