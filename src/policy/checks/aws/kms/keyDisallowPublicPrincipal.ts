import { resourceCheck } from "../../../types";

interface Statement {
  Sid?: unknown;
  Effect?: unknown;
  Principal?: unknown;
  Condition?: unknown;
}

/** No key-policy statement lets anyone (principal `*`) use the key without a condition that narrows it. */
export const keyDisallowPublicPrincipal = resourceCheck({
  kind: "resource",
  id: "aws-kms-key-disallow-public-principal",
  description: "KMS key policies contain no Allow statement for principal \"*\" (or {\"AWS\": \"*\"}) without a restricting condition.",
  severity: "critical",
  controls: ["CC6.1"],
  equivalents: { checkov: ["CKV_AWS_33"], securityHub: ["KMS.5"] },
  remediation: "Name the principals (account root, roles, service principals) in each Allow statement, or add a Condition (e.g. aws:SourceAccount, kms:CallerAccount, kms:EncryptionContext) that limits a wildcard principal.",
  enforcementLevel: "mandatory",
  resourceTypes: ["aws:kms/key:Key"],
  validateResource({ props }, report) {
    const raw: unknown = props.policy;
    if (raw === undefined || raw === "") return; // the default key policy grants the account only
    let doc: unknown;
    try {
      doc = typeof raw === "string" ? JSON.parse(raw) : raw;
    } catch {
      report("key policy is not valid JSON; expected a key-policy document.");
      return;
    }
    const list = (doc as { Statement?: unknown })?.Statement;
    const statements: Statement[] = Array.isArray(list) ? list : list !== undefined ? [list as Statement] : [];
    statements.forEach((s, i) => {
      if (s.Effect !== "Allow" || !isWildcard(s.Principal)) return;
      if (hasConditions(s.Condition)) return;
      const label = typeof s.Sid === "string" && s.Sid !== "" ? `"${s.Sid}"` : `#${i}`;
      report(`key policy statement ${label} allows principal "*" without a condition; expected named principals or a restricting condition.`);
    });
  },
});

function isWildcard(p: unknown): boolean {
  if (p === "*") return true;
  if (typeof p !== "object" || p === null) return false;
  const aws = (p as { AWS?: unknown }).AWS;
  return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
}

function hasConditions(c: unknown): boolean {
  return typeof c === "object" && c !== null && Object.keys(c).length > 0;
}
