import { resourceCheck } from "../../../types";

interface Statement {
  Sid?: unknown;
  Effect?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Condition?: unknown;
}

/**
 * Condition keys that pin who calls: a wildcard principal narrowed by one of these reaches only that principal,
 * account, organisation or source. Compared lower-case (IAM condition keys are case-insensitive).
 */
export const CALLER_PINNING_KEYS = ["aws:principalarn", "aws:principalaccount", "aws:principalorgid", "aws:sourcearn", "aws:sourceaccount", "aws:sourceowner"] as const;

/**
 * Operators that require the key to be present and to match (no `…IfExists`, which passes when the key is absent;
 * no `ForAllValues:`, which passes on an empty set; no negations).
 */
const PINNING_OPERATOR = /^(foranyvalue:)?(stringequals|stringequalsignorecase|stringlike|arnequals|arnlike)$/;

/** No key-policy statement lets anyone use the key unless a condition pins who the caller is. */
export const keyDisallowPublicPrincipal = resourceCheck({
  kind: "resource",
  id: "aws-kms-key-disallow-public-principal",
  description:
    "KMS key policies contain no Allow statement for a wildcard principal (\"*\", {\"AWS\": \"*\"}, \"*\" among others, or NotPrincipal) unless a condition pins the caller (aws:PrincipalArn/PrincipalAccount/PrincipalOrgID/SourceArn/SourceAccount/SourceOwner, or kms:CallerAccount with kms:ViaService).",
  severity: "critical",
  controls: ["CC6.1"],
  equivalents: { checkov: ["CKV_AWS_33"], securityHub: ["KMS.5"] },
  remediation:
    "Name the principals (account root, roles, service principals) in each Allow statement, or pin a wildcard principal with a condition on aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount/SourceArn, or kms:CallerAccount together with kms:ViaService. aws:SecureTransport and similar conditions say nothing about who calls.",
  enforcementLevel: "mandatory",
  resourceTypes: ["aws:kms/key:Key"],
  validateResource({ props }, report) {
    const raw: unknown = props.policy;
    if (raw === undefined || raw === null || raw === "") return; // the default key policy grants the account only
    let doc: unknown;
    try {
      doc = typeof raw === "string" ? JSON.parse(raw) : raw;
    } catch {
      report("key policy is not valid JSON; expected a key-policy document.");
      return;
    }
    const list = (doc as { Statement?: unknown } | null)?.Statement;
    if (typeof doc !== "object" || doc === null || list === undefined || list === null) {
      report("key policy has no Statement; expected a key-policy document.");
      return;
    }
    const statements: Statement[] = (Array.isArray(list) ? list : [list]).map((s) => (typeof s === "object" && s !== null ? (s as Statement) : {}));
    statements.forEach((s, i) => {
      if (typeof s.Effect !== "string" || s.Effect.toLowerCase() !== "allow") return;
      const label = typeof s.Sid === "string" && s.Sid !== "" ? `"${s.Sid}"` : `#${i}`;
      if (s.NotPrincipal !== undefined) {
        report(`key policy statement ${label} allows everyone except its NotPrincipal; expected Allow statements to name their principals.`);
        return;
      }
      if (!isWildcard(s.Principal)) return;
      const why = pinsCaller(s.Condition);
      if (why === undefined) return;
      report(`key policy statement ${label} allows principal "*" ${why}; expected named principals or a condition that pins the caller (aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount, kms:CallerAccount with kms:ViaService…).`);
    });
  },
});

/** "*" itself, or "*" (or an ARN with a wildcard account) as one of the principals of any kind. */
function isWildcard(p: unknown): boolean {
  const values: unknown[] = [];
  if (typeof p === "string" || Array.isArray(p)) values.push(...(Array.isArray(p) ? p : [p]));
  else if (typeof p === "object" && p !== null) for (const v of Object.values(p)) values.push(...(Array.isArray(v) ? v : [v]));
  return values.some((v) => typeof v === "string" && (v.trim() === "*" || /^arn:aws[a-z-]*:iam::\*:/.test(v.trim())));
}

/** undefined when the condition pins the caller; else why not (for the message). */
function pinsCaller(c: unknown): string | undefined {
  if (typeof c !== "object" || c === null || Object.keys(c).length === 0) return "without a condition";
  const pinned = new Set<string>();
  for (const [op, block] of Object.entries(c)) {
    if (!PINNING_OPERATOR.test(op.toLowerCase()) || typeof block !== "object" || block === null) continue;
    for (const [key, value] of Object.entries(block)) {
      if (concrete(value)) pinned.add(key.toLowerCase());
    }
  }
  if ((CALLER_PINNING_KEYS as readonly string[]).some((k) => pinned.has(k))) return undefined;
  if (pinned.has("kms:calleraccount") && pinned.has("kms:viaservice")) return undefined;
  if (pinned.has("kms:calleraccount")) return "with kms:CallerAccount but without kms:ViaService";
  return `with a condition that does not pin the caller (${Object.entries(c)
    .flatMap(([op, block]) => (typeof block === "object" && block !== null ? Object.keys(block).map((k) => `${op} ${k}`) : [op]))
    .join(", ")})`;
}

/** A value that names something: not empty, not only wildcards, and no wildcard account in an ARN. */
function concrete(value: unknown): boolean {
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) return false;
  return values.every((v) => {
    if (typeof v !== "string") return typeof v === "number";
    const t = v.trim();
    if (t === "" || /^[*?]+$/.test(t)) return false;
    const arn = t.split(":");
    return !(arn[0] === "arn" && arn.length >= 5 && /[*?]/.test(arn[4] ?? ""));
  });
}
