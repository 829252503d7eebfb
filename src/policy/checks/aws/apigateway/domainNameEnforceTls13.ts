import { resourceCheck } from "../../../types";

const REST = "aws:apigateway/domainName:DomainName";
const HTTP_API = "aws:apigatewayv2/domainName:DomainName";
const TLS13_ONLY = /^SecurityPolicy_TLS13_1_3_/;

/** API custom domains accept only TLS 1.3; HTTP API (v2) domains cannot, so they fail with that explanation. */
export const domainNameEnforceTls13 = resourceCheck({
  kind: "resource",
  id: "aws-apigateway-domain-name-enforce-tls13",
  description: "API Gateway REST custom domains use a TLS 1.3-only security policy (SecurityPolicy_TLS13_1_3_*); HTTP API (v2) domains cannot be TLS 1.3-only.",
  severity: "high",
  controls: ["CC6.7"],
  equivalents: { checkov: ["CKV_AWS_206"] },
  remediation: "Set securityPolicy to \"SecurityPolicy_TLS13_1_3_2025_09\" on aws.apigateway.DomainName; for an HTTP API, serve it through a REST API domain or CloudFront with TLSv1.3_2025.",
  enforcementLevel: "mandatory",
  resourceTypes: [REST, HTTP_API],
  validateResource({ type, props }, report) {
    if (type === HTTP_API) {
      const policy: unknown = props.domainNameConfiguration?.securityPolicy;
      report(`HTTP API (v2) domain security policy is ${policy === undefined ? "unset" : `"${String(policy)}"`}; HTTP API domains offer only TLS_1_2 and cannot be TLS 1.3-only. Expected a REST API domain with SecurityPolicy_TLS13_1_3_*.`);
      return;
    }
    const policy: unknown = props.securityPolicy;
    if (typeof policy === "string" && TLS13_ONLY.test(policy)) return;
    report(`REST API domain security policy is ${policy === undefined ? "unset (AWS then uses TLS_1_2)" : `"${String(policy)}"`}; expected a TLS 1.3-only policy SecurityPolicy_TLS13_1_3_*.`);
  },
});
