import type { ResourceRecord } from "../core/resource";
import { ResourceTypes } from "../infra/model";

type Props = Record<string, unknown>;
const obj = (v: unknown): Props => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Props) : {});
const list = (v: unknown): string => (Array.isArray(v) ? v.join(",") : "none");
const onOff = (v: unknown): string => (v === true ? "on" : "off");

/** The security-relevant settings of a planned resource, in one short line (for the text plan). */
export function describeResource(r: ResourceRecord): string {
  const p = r.props;
  switch (r.type) {
    case ResourceTypes.kmsKey: {
      // A key adopted with Pulumi's import option keeps its AWS id; a retired key only lets Logs read retained events.
      const adopted = r.id !== undefined && !r.id.startsWith("mock-") ? ` import=${r.id}` : "";
      const retired = typeof p.policy === "string" && p.policy.includes('"CloudWatchLogsReadRetainedEvents"') ? " retired (reads retained logs only)" : "";
      return `${p.customerMasterKeySpec} rotation=${onOff(p.enableKeyRotation)} deletionWindow=${p.deletionWindowInDays}d${adopted}${retired}`;
    }
    case ResourceTypes.kmsAlias:
      return `${p.name}`;
    case ResourceTypes.logGroup:
      return `${p.name} retention=${p.retentionInDays}d kms=${p.kmsKeyId === undefined ? "none" : r.tenant === undefined ? "platform key" : "tenant key"}`;
    case ResourceTypes.configurationSet: {
      const tracking = obj(p.trackingOptions);
      return [
        `${p.configurationSetName}`,
        `tls=${obj(p.deliveryOptions).tlsPolicy ?? "OPTIONAL"}`,
        `reputationMetrics=${onOff(obj(p.reputationOptions).reputationMetricsEnabled)}`,
        `sending=${onOff(obj(p.sendingOptions).sendingEnabled)}`,
        `suppress=${list(obj(p.suppressionOptions).suppressedReasons)}`,
        tracking.customRedirectDomain === undefined ? "tracking=none" : `tracking=${tracking.customRedirectDomain} https=${tracking.httpsPolicy ?? "OPTIONAL"}`,
      ].join(" ");
    }
    case ResourceTypes.sesTenant:
      return `${p.tenantName}`;
    case ResourceTypes.tenantResourceAssociation:
      return `→ ${p.resourceArn}`;
    case ResourceTypes.emailIdentity:
      return `${p.emailIdentity} dkim=${obj(p.dkimSigningAttributes).nextSigningKeyLength ?? "default"} configurationSet=${p.configurationSetName}`;
    case ResourceTypes.configurationSetEventDestination: {
      const d = obj(p.eventDestination);
      const to = d.cloudWatchDestination !== undefined ? "cloudwatch" : d.eventBridgeDestination !== undefined ? "eventbridge" : "other";
      return `${list(d.matchingEventTypes)} → ${to}`;
    }
    case ResourceTypes.snsTopic:
      return `${p.name} kms=${p.kmsMasterKeyId === undefined ? "none" : "on"}`;
    case ResourceTypes.metricAlarm:
      return `${p.metricName} >= ${p.threshold}`;
    case ResourceTypes.vercelProjectDomain:
      return `${p.domain}`;
    case ResourceTypes.vercelFirewallConfig:
      return `enabled=${p.enabled === true} managedRulesets=${Object.keys(obj(p.managedRulesets)).join(",")}`;
    case ResourceTypes.vercelProjectEnvironmentVariable:
      return `${p.key} sensitive=${p.sensitive === true}`;
    case ResourceTypes.vercelProjectRoute:
      return Object.entries(obj(obj(p.route).headers))
        .map(([k, v]) => `${k}: ${v}`)
        .join("; ");
    default:
      return "";
  }
}
