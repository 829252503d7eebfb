import { describe, expect, it } from "vitest";
import { distributionEnforceTls13 as check } from "../../../../../src/policy/checks/aws/cloudfront/distributionEnforceTls13";
import { record, run, withProp } from "../../../support";

const T = "aws:cloudfront/distribution:Distribution";
const valid = {
  enabled: true,
  viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/abc", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.3_2025" },
  defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https", targetOriginId: "web" },
  orderedCacheBehaviors: [{ pathPattern: "/api/*", viewerProtocolPolicy: "https-only" }],
};
const dist = (props: Record<string, unknown>) => run(check, [record(T, "cdn", props)]);

describe("src/policy/checks/aws/cloudfront/distributionEnforceTls13", () => {
  it("passes a custom SNI certificate with TLSv1.3_2025 and HTTPS-only viewers", () => {
    expect(dist(valid)).toMatchObject({ status: "pass", messages: [] });
  });

  it("fails a TLSv1.2_2021 minimum", () => {
    expect(dist(withProp(valid, "viewerCertificate.minimumProtocolVersion", "TLSv1.2_2021")).messages).toEqual([
      'viewer minimum protocol is "TLSv1.2_2021"; expected "TLSv1.3_2025".',
    ]);
  });

  it("fails the CloudFront default certificate", () => {
    expect(dist(withProp(valid, "viewerCertificate", { cloudfrontDefaultCertificate: true })).messages).toEqual([
      "viewer certificate is CloudFront's default certificate, which forces TLSv1; expected a custom certificate (sni-only) with minimum protocol TLSv1.3_2025.",
    ]);
  });

  it("fails a dedicated-IP (vip) certificate", () => {
    expect(dist(withProp(valid, "viewerCertificate.sslSupportMethod", "vip")).messages).toEqual([
      'viewer certificate SSL support method is "vip"; expected "sni-only" (required for TLSv1.3_2025).',
    ]);
  });

  it("fails a default behavior that allows HTTP", () => {
    expect(dist(withProp(valid, "defaultCacheBehavior.viewerProtocolPolicy", "allow-all")).messages).toEqual([
      'default cache behavior viewer protocol policy is "allow-all"; expected "redirect-to-https" or "https-only".',
    ]);
  });

  it("fails an ordered behavior that allows HTTP", () => {
    expect(dist(withProp(valid, "orderedCacheBehaviors", [{ pathPattern: "/img/*", viewerProtocolPolicy: "allow-all" }])).messages).toEqual([
      'cache behavior 0 (/img/*) viewer protocol policy is "allow-all"; expected "redirect-to-https" or "https-only".',
    ]);
  });
});
