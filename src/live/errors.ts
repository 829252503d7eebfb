import type { CollectionError, InventoryKind } from "../aws/collectors/types";
import type { Finding } from "../policy/types";
import { liveCollectionError } from "./rules";
import { tenantOf } from "./names";
import { LIVE_TYPES } from "./records";

/** Which kinds of resource a failed operation leaves uncollected (whole listings) — for the message. */
const LISTS: Readonly<Record<string, readonly InventoryKind[]>> = {
  "kms:ListAliases": ["keys", "aliases"],
  "kms:ListKeys": ["keys", "aliases"],
  "logs:DescribeLogGroups": ["logGroups"],
  "sns:ListTopics": ["topics"],
  "sesv2:ListConfigurationSets": ["configurationSets"],
  "sesv2:ListTenants": ["sesTenants"],
  "sesv2:ListEmailIdentities": ["identities"],
};

const KIND_TYPE: Readonly<Record<InventoryKind, string>> = LIVE_TYPES;

/** The tenant a failed read was about, when its resource name says so. */
function tenantOfResource(e: CollectionError): string | undefined {
  if (e.resource === undefined) return undefined;
  return tenantOf.logGroup(e.resource) ?? tenantOf.topic(e.resource) ?? tenantOf.configurationSet(e.resource) ?? tenantOf.alias(e.resource);
}

/**
 * Collection errors as `error` findings of live-collection-error: never a pass, and they keep the control from
 * passing. A failed listing names the kinds of resource nothing could be said about; a failed read names its resource.
 */
export function collectionErrorFindings(errors: readonly CollectionError[]): Finding[] {
  return errors.map((e) => {
    const lost = LISTS[`${e.service}:${e.operation}`];
    const tenant = tenantOfResource(e);
    const what =
      lost !== undefined
        ? `nothing was checked for ${lost.map((k) => KIND_TYPE[k].slice(KIND_TYPE[k].lastIndexOf(":") + 1)).join(", ")} in ${e.region}`
        : e.resource !== undefined
          ? `${e.resource} was not checked`
          : `the account was read without it`;
    return {
      policy: liveCollectionError.id,
      status: "error",
      enforcement: "mandatory",
      severity: liveCollectionError.severity,
      urn: `aws:${e.service}:${e.region}${e.resource !== undefined ? `:${e.resource}` : ""}`,
      type: lost !== undefined ? KIND_TYPE[lost[0]!] : `aws:${e.service}`,
      name: e.resource ?? `${e.service}:${e.operation}`,
      ...(tenant !== undefined ? { tenant } : {}),
      message: `${e.message} (${e.kind}); ${what}.`,
      controls: liveCollectionError.controls,
    } satisfies Finding;
  });
}
