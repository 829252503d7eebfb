import { Command, CommanderError, Option } from "commander";
import type { CliContext, CommandResult } from "./context";
import { registerTenants } from "./nouns/tenants";
import { registerAudit } from "./nouns/audit";
import { registerPlan } from "./nouns/plan";
import { registerPolicy } from "./nouns/policy";
import { registerIncident } from "./nouns/incident";
import { registerRunbooks } from "./nouns/runbooks";
import { registerKeys } from "./nouns/keys";
import { registerProbe } from "./nouns/probe";
import { registerClaims } from "./nouns/claims";

/** A command module's entry, loaded only when its command runs (keeps `--help` fast). */
export type CommandRunner<O> = (opts: O, ctx: CliContext) => Promise<CommandResult>;

export interface Registrar {
  readonly ctx: CliContext;
  /** Wires a leaf command: adds `--json`, and on action loads the module and hands its result to the runner. */
  action<O>(cmd: Command, load: () => Promise<CommandRunner<O>>, shape: (args: unknown[], opts: Record<string, unknown>) => O): Command;
}

export interface Outcome {
  result?: CommandResult;
  json: boolean;
}

/** Builds the commander program. Only option parsing lives here and in nouns/; commands are plain functions. */
export function buildProgram(ctx: CliContext, version: string, outcome: Outcome): Command {
  const program = new Command("emailmate-ops")
    .description("EmailMate infrastructure and compliance toolkit: tenants, Pulumi plan, policy checks, SOC 2 evidence, incidents, audit exports.")
    .version(version, "-V, --version", "print the tool version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    // Options after a subcommand belong to it (`probe mail … --json` and `probe <url> --json` share flag names).
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr })
    .addHelpText(
      "after",
      "\nExit codes: 0 ok, 1 findings, 2 invalid input or usage, 3 environment/AWS error, 70 internal error.\nEvery command takes --json (stdout then carries only JSON).",
    );

  const registrar: Registrar = {
    ctx,
    action(cmd, load, shape) {
      cmd.addOption(new Option("--json", "print the result as JSON on stdout (logs go to stderr)"));
      cmd.action(async (...raw: unknown[]) => {
        const command = raw[raw.length - 1] as Command;
        const opts = command.opts();
        outcome.json = opts.json === true;
        const run = await load();
        outcome.result = await run(shape(raw.slice(0, -2), opts), ctx);
      });
      return cmd;
    },
  };

  // In the order of the work: onboard, plan, check, evidence; then on-call.
  registerTenants(program, registrar);
  registerPlan(program, registrar);
  registerPolicy(program, registrar);
  registerRunbooks(program, registrar);
  registerIncident(program, registrar);
  registerAudit(program, registrar);
  registerKeys(program, registrar);
  registerProbe(program, registrar);
  registerClaims(program, registrar);
  return program;
}

export { CommanderError };
