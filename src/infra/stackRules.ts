import type { Diagnostic } from "../config/diagnostics";
import { fieldPosition, type Position, type Tenant } from "../tenants";
import { configKey, type StackSettings } from "./settings";
import { selectShard } from "./stackModel";

/**
 * The AWS partition a region belongs to (the `aws` part of `arn:aws:…`): us-gov-* regions are `aws-us-gov`, cn-* are
 * `aws-cn`, the isolated us-iso-* / us-isob-* regions `aws-iso` / `aws-iso-b`, eusc-* `aws-eusc`; every other
 * region is `aws`. (AWS General Reference, "Amazon Resource Names": partitions and their regions.)
 */
export function partitionOfRegion(region: string): string {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  if (region.startsWith("us-iso-")) return "aws-iso";
  if (region.startsWith("eusc-")) return "aws-eusc";
  return "aws";
}

/** A stack file as the rules across stacks see it: its settings and where its config keys stand. */
export interface StackForRules {
  readonly stack: string;
  readonly file: string;
  readonly settings: StackSettings;
  /** Position of a config key (`emailmate-ops:platformDomain`), or of `config` when the key is absent (defaulted). */
  at(key: string): Position;
}

function diag(file: string, at: Position, code: Diagnostic["code"], path: string, message: string): Diagnostic {
  return { file, line: at.line, col: at.col, code, path, message };
}

/**
 * A stack's region must be in its partition: `aws:region` us-gov-west-1 with partition `aws` (the default) builds
 * `arn:aws:…` ARNs that AWS GovCloud never matches.
 */
export function stackPartitionRule(s: StackForRules): Diagnostic[] {
  const partition = s.settings.env.partition;
  const of = partitionOfRegion(s.settings.region);
  if (of === partition) return [];
  return [
    diag(s.file, s.at("aws:region"), "E_VALUE", "config.aws:region", `region ${s.settings.region} is in partition ${of}, but the stack's ${configKey("partition")} is ${partition}; expected a region of partition ${partition} (or set ${configKey("partition")}: ${of})`),
  ];
}

/**
 * Every tenant a stack deploys must be in the stack's partition: the tenant's ARNs and key-policy conditions are built
 * with the stack's partition (`arn:<partition>:ses:<region>:…`), so a us-gov-* tenant in an `aws` stack gets ARNs that
 * never match and a key policy that grants nothing. Located at the tenant's `region`.
 */
export function tenantPartitionRule(s: StackForRules, tenants: readonly Tenant[]): Diagnostic[] {
  const partition = s.settings.env.partition;
  const out: Diagnostic[] = [];
  for (const t of selectShard(tenants, s.settings)) {
    const of = partitionOfRegion(t.region);
    if (of === partition) continue;
    const at = fieldPosition(t, "region");
    out.push(
      diag(t.file, at, "E_VALUE", "region", `region ${t.region} is in partition ${of}, but stack ${s.stack} (${s.file}) deploys to partition ${partition}; expected a region of partition ${partition}, or a stack of partition ${of} for this tenant`),
    );
  }
  return out;
}

/**
 * Stacks holding the platform must not claim the same platform domain: Vercel lets a domain belong to one project, so
 * the second stack's `vercel.ProjectDomain` is refused ("domain already in use") — whatever the team scope, since a
 * domain verified for one project cannot be attached to another. Reported at the later stack file, naming the first.
 */
export function platformDomainRule(stacks: readonly StackForRules[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const first = new Map<string, StackForRules>();
  for (const s of [...stacks].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    if (!s.settings.platform) continue;
    const domain = s.settings.platformDomain.toLowerCase();
    const holder = first.get(domain);
    if (holder === undefined) {
      first.set(domain, s);
      continue;
    }
    const key = configKey("platformDomain");
    const where = holder.at(key);
    out.push(
      diag(s.file, s.at(key), "E_DUPLICATE_DOMAIN", `config.${key}`, `platform domain ${domain} is already claimed by stack ${holder.stack} (${holder.file}:${where.line}:${where.col}); expected each stack holding the platform to serve its own domain (e.g. ${s.stack}.${domain})`),
    );
  }
  return out;
}

/** Every rule across the project's stacks and the tenants they deploy. */
export function stackRules(stacks: readonly StackForRules[], tenants: readonly Tenant[]): Diagnostic[] {
  return [...stacks.flatMap((s) => [...stackPartitionRule(s), ...tenantPartitionRule(s, tenants)]), ...platformDomainRule(stacks)];
}
