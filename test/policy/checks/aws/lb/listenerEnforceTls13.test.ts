import { describe, expect, it } from "vitest";
import { listenerEnforceTls13 as check } from "../../../../../src/policy/checks/aws/lb/listenerEnforceTls13";
import { record, run, withProp } from "../../../support";

const LB = "aws:lb/listener:Listener";
const ALB = "aws:alb/listener:Listener";
const https = { loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/web/1", port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06", certificateArn: "arn:aws:acm:eu-west-1:111111111111:certificate/abc" };
const http = { loadBalancerArn: https.loadBalancerArn, port: 80, protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] };
const listener = (props: Record<string, unknown>, type = LB) => run(check, [record(type, "web", props)]);

describe("src/policy/checks/aws/lb/listenerEnforceTls13", () => {
  it("passes an HTTPS listener with a TLS 1.3-only policy", () => {
    expect(listener(https)).toMatchObject({ status: "pass", messages: [] });
  });

  it("passes the FIPS and post-quantum TLS 1.3-only variants", () => {
    for (const p of ["ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09", "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09"]) {
      expect(listener(withProp(https, "sslPolicy", p)).status).toBe("pass");
    }
  });

  it("matches the aws:alb listener token too", () => {
    expect(listener(withProp(https, "sslPolicy", "ELBSecurityPolicy-2016-08"), ALB).status).toBe("fail");
  });

  it("fails a TLS13-1-2 policy, which still allows TLS 1.2", () => {
    expect(listener(withProp(https, "sslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06")).messages).toEqual([
      'HTTPS listener SSL policy is "ELBSecurityPolicy-TLS13-1-2-2021-06" (TLS13-1-2 policies still allow TLS 1.2); expected a TLS 1.3-only policy ELBSecurityPolicy-TLS13-1-3-*.',
    ]);
  });

  it("fails an unset SSL policy (AWS's default allows TLS 1.0)", () => {
    expect(listener(withProp(https, "sslPolicy", undefined)).messages).toEqual([
      "HTTPS listener SSL policy is unset (AWS then uses ELBSecurityPolicy-2016-08); expected a TLS 1.3-only policy ELBSecurityPolicy-TLS13-1-3-*.",
    ]);
  });

  it("fails a TLS (NLB) listener without a TLS 1.3-only policy", () => {
    expect(listener({ ...withProp(https, "protocol", "TLS"), sslPolicy: "ELBSecurityPolicy-2016-08" }).messages).toEqual([
      'TLS listener SSL policy is "ELBSecurityPolicy-2016-08"; expected a TLS 1.3-only policy ELBSecurityPolicy-TLS13-1-3-*.',
    ]);
  });

  it("passes an HTTP listener that only redirects to HTTPS", () => {
    expect(listener(http).status).toBe("pass");
  });

  it("fails an HTTP listener that forwards", () => {
    expect(listener(withProp(http, "defaultActions", [{ type: "forward", targetGroupArn: "arn:tg" }])).messages).toEqual([
      "HTTP listener default actions are [forward]; expected only a redirect to HTTPS.",
    ]);
  });

  it("fails an HTTP listener that redirects to HTTP", () => {
    expect(listener(withProp(http, "defaultActions", [{ type: "redirect", redirect: { protocol: "HTTP" } }])).status).toBe("fail");
  });

  it("does not apply to TCP listeners", () => {
    expect(listener(withProp(https, "protocol", "TCP"))).toMatchObject({ status: "not-applicable", messages: ["TCP listeners carry no TLS or HTTP"] });
  });
});
