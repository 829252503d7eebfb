import { isAbsolute, relative, resolve } from "node:path";
import type { Command } from "commander";
import { findProjectRoot } from "../config/projectRoot";
import { usageError } from "../core/errors";
import type { CliContext } from "./context";

/**
 * Options and arguments that name files or folders, by their value's name in the flags (`--out <dir>`,
 * `--claims <file>`, `--probes <files...>`, `[paths...]`): given relative to where the user stands, rebased on the root.
 */
const PATH_VALUE = /^(file|files|dir|dirs|path|paths|folder|manifest|pem|jsonl)$/;
const valueName = (flags: string): string | undefined => /<([a-z]+)(?:\.\.\.)?>|\[([a-z]+)(?:\.\.\.)?\]/i.exec(flags)?.slice(1).find((x) => x !== undefined);

/** Commands that read nothing of the project unless told which files to read. */
function needsProject(command: Command, env: CliContext["env"]): boolean {
  // "<noun> <verb>", or the command alone for top-level ones (`plan`, `check`, `probe <url>`).
  const name = command.parent?.parent ? `${command.parent.name()} ${command.name()}` : command.name();
  const opts = command.opts();
  // Journals only: the incident folder named by flag or environment is all they read.
  if (["incident list", "incident status", "incident timeline", "incident postmortem", "incident close"].includes(name)) {
    return opts.incidentsDir === undefined && (env.EMAILMATE_INCIDENTS_DIR ?? "") === "";
  }
  if (name === "audit verify" || name === "policy list" || name === "probe") return false;
  if (name === "probe mail") return opts.tenant !== undefined;
  if (name === "keys scan") return opts.startIncident === true;
  // Files or folders named on the command line (`command.args` holds only what was typed, not defaults).
  if (name === "tenants validate" || name === "runbooks validate") return command.args.length === 0;
  if (name === "policy check") return opts.stackExport === undefined && opts.previewJson === undefined;
  return true;
}

function rebase(value: unknown, from: string, root: string): unknown {
  // "-" is stdin, not a file.
  if (typeof value === "string") return isAbsolute(value) || value === "-" ? value : relative(root, resolve(from, value)) || ".";
  if (Array.isArray(value)) return value.map((v) => rebase(v, from, root));
  return value;
}

/**
 * Runs a command from the project root, found from the working directory as git finds its repository: the context's
 * cwd becomes the root, and paths the user typed (relative to where they stand) are rebased onto it. Outside any
 * project, commands that need one are refused (exit 2) instead of silently using defaults.
 */
export function atProjectRoot(
  ctx: CliContext,
  command: Command,
  args: unknown[],
  opts: Record<string, unknown>,
): { ctx: CliContext; args: unknown[]; opts: Record<string, unknown> } {
  const root = findProjectRoot(ctx.cwd);
  if (root === undefined) {
    if (!needsProject(command, ctx.env)) return { ctx, args, opts };
    throw usageError(
      "E_NO_PROJECT",
      `not inside an emailmate-ops project: no package.json named emailmate-ops, and no tenants/ folder, in ${ctx.cwd} or any folder above it`,
      "run the command from the project (or a folder inside it)",
    );
  }
  if (resolve(root) === resolve(ctx.cwd)) return { ctx, args, opts };
  const rebasedOpts: Record<string, unknown> = { ...opts };
  // Defaults (e.g. `tenants`) name the project's own folders: only what the user typed is rebased.
  for (const option of command.options) {
    const key = option.attributeName();
    if (PATH_VALUE.test(valueName(option.flags) ?? "") && command.getOptionValueSource(key) === "cli") rebasedOpts[key] = rebase(opts[key], ctx.cwd, root);
  }
  const declared = command.registeredArguments;
  const rebasedArgs = args.map((a, i) => {
    const arg = declared[i];
    return arg !== undefined && PATH_VALUE.test(arg.name()) && command.args.length > i ? rebase(a, ctx.cwd, root) : a;
  });
  return { ctx: { ...ctx, cwd: root }, args: rebasedArgs, opts: rebasedOpts };
}
