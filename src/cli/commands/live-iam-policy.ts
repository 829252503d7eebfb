import { ExitCode } from "../../core/errors";
import { liveIamPolicy, renderIamPolicy, type IamPolicyDocument } from "../../live/iamPolicy";
import type { CliContext, CommandResult } from "../context";

/** `live iam-policy`: the read-only IAM policy `check --live` needs (generated from the collectors' operations). */
export async function liveIamPolicyCommand(_opts: Record<string, never>, _ctx: CliContext): Promise<CommandResult<IamPolicyDocument>> {
  const doc = liveIamPolicy();
  return { data: doc, exitCode: ExitCode.ok, text: () => renderIamPolicy(doc) };
}
