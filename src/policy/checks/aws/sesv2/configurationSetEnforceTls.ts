import { resourceCheck } from "../../../types";

const V2 = "aws:sesv2/configurationSet:ConfigurationSet";
const V1 = "aws:ses/configurationSet:ConfigurationSet";
const TYPES = [V2, V1] as const;
/** The enum each API spells: SES v2 `REQUIRE`, SES v1 `Require`. Any other spelling is not the setting. */
const REQUIRE: Readonly<Record<string, string>> = { [V2]: "REQUIRE", [V1]: "Require" };

/** SES delivers mail only over TLS (`tlsPolicy: REQUIRE`): the strongest transport setting SES offers. */
export const configurationSetEnforceTls = resourceCheck({
  kind: "resource",
  id: "aws-sesv2-configuration-set-enforce-tls",
  description: "SES configuration sets require TLS for delivery (tlsPolicy REQUIRE); SES cannot pin TLS 1.3, so REQUIRE is the strongest setting.",
  severity: "high",
  controls: ["CC6.7"],
  equivalents: { securityHub: ["SES.3"], checkov: ["CKV_AWS_365"] },
  remediation: "Set deliveryOptions.tlsPolicy to \"REQUIRE\" (v1 aws.ses.ConfigurationSet: \"Require\") on the configuration set.",
  enforcementLevel: "mandatory",
  resourceTypes: TYPES,
  validateResource({ type, props }, report) {
    const options: unknown = props.deliveryOptions;
    const raw: unknown = typeof options === "object" && options !== null && !Array.isArray(options) ? (options as { tlsPolicy?: unknown }).tlsPolicy : undefined;
    const expected = REQUIRE[type]!;
    if (raw === expected) return;
    const shown = raw === undefined ? "unset (SES then uses OPTIONAL)" : JSON.stringify(raw);
    report(
      `delivery TLS policy is ${shown}; expected ${expected}. SES cannot pin TLS 1.3 (it negotiates TLS 1.3 where the receiving server supports it): REQUIRE, which refuses delivery without TLS, is the strongest setting.`,
    );
  },
});
