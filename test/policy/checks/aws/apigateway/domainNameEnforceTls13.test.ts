import { describe, expect, it } from "vitest";
import { domainNameEnforceTls13 as check } from "../../../../../src/policy/checks/aws/apigateway/domainNameEnforceTls13";
import { record, run, withProp } from "../../../support";

const REST = "aws:apigateway/domainName:DomainName";
const V2 = "aws:apigatewayv2/domainName:DomainName";
const valid = { domainName: "api.emailmate.dev", regionalCertificateArn: "arn:aws:acm:eu-west-1:111111111111:certificate/abc", securityPolicy: "SecurityPolicy_TLS13_1_3_2025_09" };
const domain = (props: Record<string, unknown>, type = REST) => run(check, [record(type, "api", props)]);

describe("src/policy/checks/aws/apigateway/domainNameEnforceTls13", () => {
  it("passes a REST domain with a TLS 1.3-only policy", () => {
    expect(domain(valid)).toMatchObject({ status: "pass", messages: [] });
  });

  it("fails TLS_1_2", () => {
    expect(domain(withProp(valid, "securityPolicy", "TLS_1_2")).messages).toEqual([
      'REST API domain security policy is "TLS_1_2"; expected a TLS 1.3-only policy SecurityPolicy_TLS13_1_3_*.',
    ]);
  });

  it("fails an unset policy", () => {
    expect(domain(withProp(valid, "securityPolicy", undefined)).messages).toEqual([
      "REST API domain security policy is unset (AWS then uses TLS_1_2); expected a TLS 1.3-only policy SecurityPolicy_TLS13_1_3_*.",
    ]);
  });

  it("fails an HTTP API (v2) domain, explaining it cannot be TLS 1.3-only", () => {
    expect(domain({ domainName: "api.emailmate.dev", domainNameConfiguration: { securityPolicy: "TLS_1_2", endpointType: "REGIONAL" } }, V2).messages).toEqual([
      'HTTP API (v2) domain security policy is "TLS_1_2"; HTTP API domains offer only TLS_1_2 and cannot be TLS 1.3-only. Expected a REST API domain with SecurityPolicy_TLS13_1_3_*.',
    ]);
  });
});
