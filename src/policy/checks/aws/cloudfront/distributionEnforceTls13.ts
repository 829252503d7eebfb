import { resourceCheck } from "../../../types";

const MINIMUM = "TLSv1.3_2025";

/** Viewers reach CloudFront over TLS 1.3 only, and are redirected from HTTP to HTTPS. */
export const distributionEnforceTls13 = resourceCheck({
  kind: "resource",
  id: "aws-cloudfront-distribution-enforce-tls13",
  description: "CloudFront distributions use a custom SNI certificate with minimum protocol TLSv1.3_2025 and send viewers to HTTPS.",
  severity: "high",
  controls: ["CC6.7"],
  equivalents: { checkov: ["CKV_AWS_174", "CKV_AWS_34"], securityHub: ["CloudFront.3", "CloudFront.10"], awsConfig: ["cloudfront-viewer-policy-https", "cloudfront-sni-enabled"] },
  remediation: "Use an ACM certificate with sslSupportMethod \"sni-only\" and minimumProtocolVersion \"TLSv1.3_2025\"; set every cache behavior's viewerProtocolPolicy to \"redirect-to-https\" or \"https-only\".",
  enforcementLevel: "mandatory",
  resourceTypes: ["aws:cloudfront/distribution:Distribution"],
  validateResource({ props }, report) {
    const cert = (props.viewerCertificate ?? {}) as { cloudfrontDefaultCertificate?: unknown; acmCertificateArn?: unknown; iamCertificateId?: unknown; minimumProtocolVersion?: unknown; sslSupportMethod?: unknown };
    const custom = (typeof cert.acmCertificateArn === "string" && cert.acmCertificateArn !== "") || (typeof cert.iamCertificateId === "string" && cert.iamCertificateId !== "");
    // "true" as a string is how YAML and some exports carry it: still the default certificate
    if (!custom || cert.cloudfrontDefaultCertificate === true || cert.cloudfrontDefaultCertificate === "true") {
      report(`viewer certificate is CloudFront's default certificate, which forces TLSv1; expected a custom certificate (sni-only) with minimum protocol ${MINIMUM}.`);
    } else {
      if (cert.minimumProtocolVersion !== MINIMUM) {
        report(`viewer minimum protocol is ${cert.minimumProtocolVersion === undefined ? "unset (TLSv1)" : `"${String(cert.minimumProtocolVersion)}"`}; expected "${MINIMUM}".`);
      }
      if (cert.sslSupportMethod !== "sni-only") {
        report(`viewer certificate SSL support method is ${cert.sslSupportMethod === undefined ? "unset" : `"${String(cert.sslSupportMethod)}"`}; expected "sni-only" (required for ${MINIMUM}).`);
      }
    }
    const behaviors: { where: string; policy: unknown }[] = [{ where: "default cache behavior", policy: props.defaultCacheBehavior?.viewerProtocolPolicy }];
    const rawOrdered: unknown = props.orderedCacheBehaviors;
    // a single behavior given as an object (not a list) is still a behavior to judge
    const ordered: unknown[] = Array.isArray(rawOrdered) ? rawOrdered : rawOrdered === undefined || rawOrdered === null ? [] : [rawOrdered];
    ordered.forEach((b, i) => {
      const beh = b as { pathPattern?: unknown; viewerProtocolPolicy?: unknown };
      behaviors.push({ where: `cache behavior ${i} (${String(beh.pathPattern ?? "?")})`, policy: beh.viewerProtocolPolicy });
    });
    for (const b of behaviors) {
      if (b.policy === "redirect-to-https" || b.policy === "https-only") continue;
      report(`${b.where} viewer protocol policy is ${b.policy === undefined ? "unset" : `"${String(b.policy)}"`}; expected "redirect-to-https" or "https-only".`);
    }
  },
});
