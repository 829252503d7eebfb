import type { Command } from "commander";
import type { Registrar } from "../program";

/** `live iam-policy`: what reading the deployed account needs (`check --live` lives with the other checks). */
export function registerLive(program: Command, r: Registrar): void {
  const live = program.command("live").description("the deployed account: the read-only IAM policy `check --live` needs");
  r.action(
    live.command("iam-policy").description("print the read-only IAM policy for `check --live` (generated from the collectors' AWS operations)"),
    async () => (await import("../commands/live-iam-policy")).liveIamPolicyCommand,
    () => ({}),
  );
}
