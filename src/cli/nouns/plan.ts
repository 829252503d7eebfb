import { Command, Option } from "commander";
import type { Registrar } from "../program";

export function registerPlan(program: Command, r: Registrar): void {
  r.action(
    program
      .command("plan")
      .description("show every resource the Pulumi program declares for a stack, offline (no Pulumi CLI, credentials or network)")
      .option("--tenants <dir>", "tenants folder (default: the stack's tenantsDir, usually tenants)")
      .option("--stack <stack>", "stack whose Pulumi.<stack>.yaml config to use: region, account, shard, platform (default: dev; without a Pulumi.dev.yaml, offline defaults)")
      .addOption(
        new Option("--engine <engine>", "fast: evaluate the component model; mocks: run the real program under Pulumi's mocks (slower, same result)")
          .choices(["fast", "mocks"])
          .default("fast"),
      ),
    async () => (await import("../commands/plan")).plan,
    (_args, o) => ({ tenants: o.tenants as string | undefined, stack: o.stack as string | undefined, engine: o.engine as "fast" | "mocks" }),
  );
}
