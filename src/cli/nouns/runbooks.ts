import { Command } from "commander";
import type { Registrar } from "../program";

export function registerRunbooks(program: Command, r: Registrar): void {
  const runbooks = program.command("runbooks").description("incident-response runbooks (runbooks/<id>.yaml)");

  r.action(
    runbooks
      .command("validate")
      .description("validate runbook files: schema, actions, approvals, references; exit 2 with located problems")
      .argument("[paths...]", "runbook files or folders", ["runbooks"]),
    async () => (await import("../commands/runbooks-validate")).runbooksValidate,
    ([paths]) => ({ paths: paths as string[] }),
  );

  r.action(
    runbooks.command("list").description("list runbooks: id, severity, parameters, title").option("--runbooks <dir>", "runbooks folder", "runbooks"),
    async () => (await import("../commands/runbooks-list")).runbooksList,
    (_args, o) => ({ dir: o.runbooks as string }),
  );
}
