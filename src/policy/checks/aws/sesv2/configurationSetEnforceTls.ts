import { resourceCheck } from "../../../types";

const TYPES = ["aws:sesv2/configurationSet:ConfigurationSet", "aws:ses/configurationSet:ConfigurationSet"] as const;

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
  validateResource({ props }, report) {
    const raw: unknown = props.deliveryOptions?.tlsPolicy;
    const policy = typeof raw === "string" ? raw : undefined;
    if (policy !== undefined && policy.toUpperCase() === "REQUIRE") return;
    const shown = policy === undefined ? "unset (SES then uses OPTIONAL)" : `"${policy}"`;
    report(
      `delivery TLS policy is ${shown}; expected REQUIRE. SES cannot pin TLS 1.3 (it negotiates TLS 1.3 where the receiving server supports it): REQUIRE, which refuses delivery without TLS, is the strongest setting.`,
    );
  },
});
