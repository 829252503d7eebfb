import { LIVE_OPERATIONS, type LiveOperation } from "../aws/collectors/operations";

export interface IamPolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly { readonly Sid: string; readonly Effect: "Allow"; readonly Action: readonly string[]; readonly Resource: "*" }[];
}

const SIDS: Readonly<Record<string, string>> = { kms: "ReadKmsKeys", logs: "ReadLogGroups", sns: "ReadSnsTopics", ses: "ReadSesV2" };

/**
 * The read-only IAM policy `check --live` needs, generated from the collectors' operation list: one statement per
 * service, actions sorted. List operations take no resource, so `Resource` is `*`; every action is a read.
 */
export function liveIamPolicy(operations: readonly LiveOperation[] = LIVE_OPERATIONS): IamPolicyDocument {
  const byPrefix = new Map<string, Set<string>>();
  for (const op of operations) {
    if (op.iamAction === undefined) continue;
    const prefix = op.iamAction.slice(0, op.iamAction.indexOf(":"));
    byPrefix.set(prefix, (byPrefix.get(prefix) ?? new Set()).add(op.iamAction));
  }
  return {
    Version: "2012-10-17",
    Statement: [...byPrefix.keys()].sort().map((p) => ({ Sid: SIDS[p] ?? `Read${p}`, Effect: "Allow", Action: [...byPrefix.get(p)!].sort(), Resource: "*" })),
  };
}

/** The policy as the README shows it (and `live iam-policy` prints it). */
export function renderIamPolicy(doc: IamPolicyDocument = liveIamPolicy()): string {
  return JSON.stringify(doc, null, 2);
}
