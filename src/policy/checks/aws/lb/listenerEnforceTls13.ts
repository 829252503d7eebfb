import { resourceCheck } from "../../../types";

const TYPES = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"] as const;
/** TLS 1.3-only ELB policies: `ELBSecurityPolicy-TLS13-1-3-*` (2021-06, FIPS-2023-04, PQ-2025-09, FIPS-PQ-2025-09). */
const TLS13_ONLY = /^ELBSecurityPolicy-TLS13-1-3-/;
const DEFAULT_POLICY = "ELBSecurityPolicy-2016-08";

/** HTTPS/TLS listeners accept only TLS 1.3; plain HTTP listeners do nothing but redirect to HTTPS. */
export const listenerEnforceTls13 = resourceCheck({
  kind: "resource",
  id: "aws-lb-listener-enforce-tls13",
  description: "Load-balancer listeners use a TLS 1.3-only security policy (ELBSecurityPolicy-TLS13-1-3-*); HTTP listeners only redirect to HTTPS.",
  severity: "high",
  controls: ["CC6.7"],
  equivalents: { checkov: ["CKV_AWS_103", "CKV_AWS_2"], securityHub: ["ELB.1"], awsConfig: ["alb-http-to-https-redirection-check", "elbv2-predefined-security-policy-ssl-check"] },
  remediation: "Set sslPolicy to ELBSecurityPolicy-TLS13-1-3-2021-06 (or its FIPS/PQ variant) on HTTPS/TLS listeners; make HTTP listeners' only default action a redirect with protocol HTTPS.",
  enforcementLevel: "mandatory",
  resourceTypes: TYPES,
  validateResource({ props, notApplicable }, report) {
    const protocol = typeof props.protocol === "string" ? props.protocol.toUpperCase() : "HTTP";
    if (protocol === "HTTPS" || protocol === "TLS") {
      const policy = typeof props.sslPolicy === "string" && props.sslPolicy !== "" ? props.sslPolicy : undefined;
      if (policy !== undefined && TLS13_ONLY.test(policy)) return;
      const shown = policy === undefined ? `unset (AWS then uses ${DEFAULT_POLICY})` : `"${policy}"`;
      const why = policy !== undefined && policy.startsWith("ELBSecurityPolicy-TLS13-1-2-") ? " (TLS13-1-2 policies still allow TLS 1.2)" : "";
      report(`${protocol} listener SSL policy is ${shown}${why}; expected a TLS 1.3-only policy ELBSecurityPolicy-TLS13-1-3-*.`);
      return;
    }
    if (protocol !== "HTTP") notApplicable(`${protocol} listeners carry no TLS or HTTP`);
    const actions: unknown[] = Array.isArray(props.defaultActions) ? props.defaultActions : [];
    const redirectsToHttps = (a: unknown) => {
      const action = a as { type?: unknown; redirect?: { protocol?: unknown } };
      return action.type === "redirect" && typeof action.redirect?.protocol === "string" && action.redirect.protocol.toUpperCase() === "HTTPS";
    };
    if (actions.length > 0 && actions.every(redirectsToHttps)) return;
    const kinds = actions.map((a) => String((a as { type?: unknown }).type ?? "?")).join(", ") || "none";
    report(`HTTP listener default actions are [${kinds}]; expected only a redirect to HTTPS.`);
  },
});
