import { Command, InvalidArgumentError, Option } from "commander";
import type { Registrar } from "../program";

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
const positiveInt = (value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) < 1000) throw new InvalidArgumentError("expected a whole number of characters, at least 1000");
  return Number(value);
};

export function registerPlan(program: Command, r: Registrar): void {
  r.action(
    program
      .command("plan")
      .description("show every resource the Pulumi program declares for a stack, offline (no Pulumi CLI, credentials or network); with --base, what a change adds, changes and removes")
      .option("--tenants <dir>", "tenants folder (default: the stack's tenantsDir, usually tenants)")
      .option(
        "--stack <stack>",
        "stack whose Pulumi.<stack>.yaml config to use: region, account, shard, platform (default: dev; without a Pulumi.dev.yaml, offline defaults). With --base: repeatable; default every stack file",
        collect,
      )
      .option("--base <git-ref>", "compare with the tenant and stack files at this git ref (e.g. origin/main, HEAD^1): resources added, changed, removed per stack and tenant, and the affected stacks")
      .addOption(new Option("--format <format>", "with --base: text, md (a pull-request comment) or json").choices(["text", "md", "json"]).default("text"))
      .addOption(new Option("--max-chars <n>", "with --format md: the longest comment to produce (default 65536, GitHub's limit)").argParser(positiveInt))
      .addOption(
        new Option("--engine <engine>", "fast: evaluate the component model; mocks: run the real program under Pulumi's mocks (slower, same result)")
          .choices(["fast", "mocks"])
          .default("fast"),
      ),
    async () => (await import("../commands/plan")).plan,
    (_args, o) => ({
      tenants: o.tenants as string | undefined,
      stacks: (o.stack as string[] | undefined) ?? [],
      engine: o.engine as "fast" | "mocks",
      ...(o.base === undefined ? {} : { base: o.base as string }),
      format: (o.json === true ? "json" : o.format) as "text" | "md" | "json",
      ...(o.maxChars === undefined ? {} : { maxChars: o.maxChars as number }),
    }),
  );
}
