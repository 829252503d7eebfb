/**
 * Hostile-but-plausible inputs, one table per check: each row is something a real stack could hold that breaks the
 * promise the check guards (a TLS policy spelled differently, never-expire vs below minimum, lower-case enums,
 * numbers as strings, missing nested blocks, wildcard principals hidden in lists or behind conditions that pin
 * nobody). Every row must fail; a row that passes is a check passing what it should fail.
 */
import { describe, expect, it } from "vitest";
import type { ResourceRecord } from "../../../src/core/resource";
import { ALL_CHECKS } from "../../../src/policy/checks";
import type { Check } from "../../../src/policy/types";
import { MASKED_SECRET, secret } from "../../../src/policy/values";
import { change, setProp, tenantRecords, vercelRecords } from "../fixtures";
import { record, run } from "../support";

type Row = readonly [what: string, records: ResourceRecord[]];
const one = (type: string, props: Record<string, unknown>): ResourceRecord[] => [record(type, "r", props)];

const KEY = "aws:kms/key:Key";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const LISTENER = "aws:lb/listener:Listener";
const SET_V2 = "aws:sesv2/configurationSet:ConfigurationSet";
const SET_V1 = "aws:ses/configurationSet:ConfigurationSet";
const ENV = "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable";
const DIST = "aws:cloudfront/distribution:Distribution";
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const anyone = (extra: object) => ({ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*", ...extra });
const cf = (cert: object, behavior: object = { viewerProtocolPolicy: "redirect-to-https" }, extra: object = {}) => one(DIST, { viewerCertificate: cert, defaultCacheBehavior: behavior, ...extra });
const goodCert = { acmCertificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/abc", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.3_2025" };
const tenants = () => [...tenantRecords("acme"), ...tenantRecords("globex")];
const acmeKeyArn = "arn:aws:kms:eu-west-1:111111111111:key/mock-key-acme-key";
const globexKeyArn = "arn:aws:kms:eu-west-1:111111111111:key/mock-key-globex-key";
const hsts = (value: string | null, src = "/(.*)") => vercelRecords(value, src);
const routeProps = (edit: (props: Record<string, unknown>) => Record<string, unknown>) =>
  change(vercelRecords(), "platform-vercel-hsts-route", (r) => ({ ...r, props: edit(r.props) }));
const routeWith = (edit: (route: Record<string, unknown>) => Record<string, unknown>) => routeProps((p) => ({ ...p, route: edit(p.route as Record<string, unknown>) }));

const TABLES: Record<string, readonly Row[]> = {
  "aws-apigateway-domain-name-enforce-tls13": [
    ["REST domain on TLS_1_2", one("aws:apigateway/domainName:DomainName", { securityPolicy: "TLS_1_2" })],
    ["REST domain policy in lower case", one("aws:apigateway/domainName:DomainName", { securityPolicy: "securitypolicy_tls13_1_3_2025_09" })],
    ["REST domain on a TLS13_1_2 policy (still allows TLS 1.2)", one("aws:apigateway/domainName:DomainName", { securityPolicy: "SecurityPolicy_TLS13_1_2_2021_06" })],
    ["REST domain policy unset", one("aws:apigateway/domainName:DomainName", {})],
    ["REST domain policy as a list", one("aws:apigateway/domainName:DomainName", { securityPolicy: ["SecurityPolicy_TLS13_1_3_2025_09"] })],
    ["HTTP API domain (TLS_1_2 only)", one("aws:apigatewayv2/domainName:DomainName", { domainNameConfiguration: { securityPolicy: "TLS_1_2" } })],
    ["HTTP API domain without its configuration block", one("aws:apigatewayv2/domainName:DomainName", {})],
  ],
  "aws-cloudfront-distribution-enforce-tls13": [
    ["minimum TLSv1.2_2021", cf({ ...goodCert, minimumProtocolVersion: "TLSv1.2_2021" })],
    ["minimum protocol in lower case", cf({ ...goodCert, minimumProtocolVersion: "tlsv1.3_2025" })],
    ["dedicated-IP (vip) certificate", cf({ ...goodCert, sslSupportMethod: "vip" })],
    ["default certificate as well as a custom one", cf({ ...goodCert, cloudfrontDefaultCertificate: true })],
    ["default certificate given as the string \"true\"", cf({ ...goodCert, cloudfrontDefaultCertificate: "true" })],
    ["empty certificate ARN", cf({ ...goodCert, acmCertificateArn: "" })],
    ["no viewer certificate block", one(DIST, { defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https" } })],
    ["viewers allowed on HTTP", cf(goodCert, { viewerProtocolPolicy: "allow-all" })],
    ["viewer protocol policy in another case", cf(goodCert, { viewerProtocolPolicy: "Redirect-To-HTTPS" })],
    ["no default cache behavior", one(DIST, { viewerCertificate: goodCert })],
    ["an ordered behavior on HTTP", cf(goodCert, undefined, { orderedCacheBehaviors: [{ pathPattern: "/api/*", viewerProtocolPolicy: "allow-all" }] })],
    ["an ordered behavior given as an object", cf(goodCert, undefined, { orderedCacheBehaviors: { pathPattern: "/api/*", viewerProtocolPolicy: "allow-all" } })],
  ],
  "aws-cloudwatch-log-group-configure-retention": [
    ["retention 0 (never expire)", one(LOG_GROUP, { retentionInDays: 0, kmsKeyId: acmeKeyArn })],
    ["retention unset (never expire)", one(LOG_GROUP, {})],
    ["retention null", one(LOG_GROUP, { retentionInDays: null })],
    ["retention as a string", one(LOG_GROUP, { retentionInDays: "365" })],
    ["retention below the minimum", one(LOG_GROUP, { retentionInDays: 180 })],
    ["retention not a CloudWatch value", one(LOG_GROUP, { retentionInDays: 364 })],
    ["negative retention", one(LOG_GROUP, { retentionInDays: -1 })],
    ["fractional retention", one(LOG_GROUP, { retentionInDays: 365.5 })],
  ],
  "aws-cloudwatch-log-group-enforce-kms": [
    ["no key", one(LOG_GROUP, { retentionInDays: 365 })],
    ["empty key", one(LOG_GROUP, { kmsKeyId: "" })],
    ["an alias name", one(LOG_GROUP, { kmsKeyId: "alias/emailmate/tenant/acme" })],
    ["an alias ARN", one(LOG_GROUP, { kmsKeyId: "arn:aws:kms:eu-west-1:111111111111:alias/emailmate/tenant/acme" })],
    ["a bare key id", one(LOG_GROUP, { kmsKeyId: "mock-key-acme-key" })],
    ["a wildcard key ARN", one(LOG_GROUP, { kmsKeyId: "arn:aws:kms:eu-west-1:111111111111:key/*" })],
    ["a number", one(LOG_GROUP, { kmsKeyId: 42 })],
  ],
  "aws-kms-key-configure-symmetric-default": [
    ["an RSA key for data", one(KEY, { keySpec: "RSA_2048" })],
    ["key spec in lower case", one(KEY, { keySpec: "symmetric_default" })],
    ["the two spec inputs disagree", one(KEY, { customerMasterKeySpec: "SYMMETRIC_DEFAULT", keySpec: "HMAC_256" })],
    ["key usage in lower case", one(KEY, { keyUsage: "encrypt_decrypt" })],
    ["key usage as a number", one(KEY, { keyUsage: 1 })],
  ],
  "aws-kms-key-disallow-public-principal": [
    ['"*" among other principals', one(KEY, { policy: doc({ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111111111111:root", "*"] }, Action: "kms:*", Resource: "*" }) })],
    ['"*" with only aws:SecureTransport', one(KEY, { policy: doc(anyone({ Condition: { Bool: { "aws:SecureTransport": "true" } } })) })],
    ["Allow with NotPrincipal", one(KEY, { policy: doc({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111111111111:role/x" }, Action: "kms:*", Resource: "*" }) })],
    ["a wildcard account root", one(KEY, { policy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::*:root" }, Action: "kms:*", Resource: "*" }) })],
    ["PrincipalArn matching anything", one(KEY, { policy: doc(anyone({ Condition: { StringLike: { "aws:PrincipalArn": "*" } } })) })],
    ["PrincipalArn with a wildcard account", one(KEY, { policy: doc(anyone({ Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/x" } } })) })],
    ["an IfExists operator (passes when the key is absent)", one(KEY, { policy: doc(anyone({ Condition: { StringEqualsIfExists: { "aws:PrincipalAccount": "111111111111" } } })) })],
    ["a negated operator", one(KEY, { policy: doc(anyone({ Condition: { StringNotEquals: { "aws:PrincipalAccount": "222222222222" } } })) })],
    ["ForAllValues (passes on an empty set)", one(KEY, { policy: doc(anyone({ Condition: { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-abc123" } } })) })],
    ["kms:CallerAccount without kms:ViaService", one(KEY, { policy: doc(anyone({ Condition: { StringEquals: { "kms:CallerAccount": "111111111111" } } })) })],
    ["a wildcard among the pinned values", one(KEY, { policy: doc(anyone({ Condition: { StringEquals: { "aws:PrincipalAccount": ["111111111111", "*"] } } })) })],
    ["an encryption-context condition only", one(KEY, { policy: doc(anyone({ Condition: { StringEquals: { "kms:EncryptionContext:app": "x" } } })) })],
    ["Effect in lower case", one(KEY, { policy: doc({ Effect: "allow", Principal: "*", Action: "kms:*", Resource: "*" }) })],
    ['Principal as a list holding "*"', one(KEY, { policy: doc({ Effect: "Allow", Principal: ["*"], Action: "kms:*", Resource: "*" }) })],
    ['a service principal "*"', one(KEY, { policy: doc({ Effect: "Allow", Principal: { Service: "*" }, Action: "kms:*", Resource: "*" }) })],
    ["one statement as an object, not a list", one(KEY, { policy: JSON.stringify({ Statement: anyone({}) }) })],
    ["a document with no Statement", one(KEY, { policy: "{}" })],
    ["the policy as a parsed object", one(KEY, { policy: { Statement: [anyone({})] } })],
    ["the policy as a known secret", one(KEY, { policy: secret(doc(anyone({}))) })],
  ],
  "aws-kms-key-enable-key-rotation": [
    ["rotation off", one(KEY, { enableKeyRotation: false })],
    ["rotation unset", one(KEY, {})],
    ["rotation as the string \"true\"", one(KEY, { enableKeyRotation: "true" })],
    ["rotation as 1", one(KEY, { enableKeyRotation: 1 })],
    ["key spec in lower case, rotation off", one(KEY, { keySpec: "symmetric_default", enableKeyRotation: false })],
  ],
  "aws-lb-listener-enforce-tls13": [
    ["HTTPS on a TLS13_1_2 policy", one(LISTENER, { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" })],
    ["https in lower case without a policy", one(LISTENER, { protocol: "https" })],
    ["policy name in lower case", one(LISTENER, { protocol: "HTTPS", sslPolicy: "elbsecuritypolicy-tls13-1-3-2021-06" })],
    ["TLS listener on the 2016 default", one(LISTENER, { protocol: "TLS", sslPolicy: "ELBSecurityPolicy-2016-08" })],
    ["the ALB token, HTTPS without a policy", one("aws:alb/listener:Listener", { protocol: "HTTPS" })],
    ["HTTP forwarding", one(LISTENER, { protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] })],
    ["HTTP redirect keeping the protocol", one(LISTENER, { protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "#{protocol}", statusCode: "HTTP_301" } }] })],
    ["HTTP redirect next to a forward", one(LISTENER, { protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS" } }, { type: "forward" }] })],
    ["protocol unset (HTTP) without actions", one(LISTENER, {})],
    ["protocol as a number", one(LISTENER, { protocol: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" })],
  ],
  "aws-sesv2-configuration-set-enforce-tls": [
    ["OPTIONAL", one(SET_V2, { deliveryOptions: { tlsPolicy: "OPTIONAL" } })],
    ["require in lower case", one(SET_V2, { deliveryOptions: { tlsPolicy: "require" } })],
    ["the v1 spelling on v2", one(SET_V2, { deliveryOptions: { tlsPolicy: "Require" } })],
    ["the v2 spelling on v1", one(SET_V1, { deliveryOptions: { tlsPolicy: "REQUIRE" } })],
    ["unset", one(SET_V2, { deliveryOptions: {} })],
    ["no delivery options block", one(SET_V2, {})],
    ["delivery options as a list", one(SET_V2, { deliveryOptions: [{ tlsPolicy: "REQUIRE" }] })],
  ],
  "aws-sns-topic-enforce-kms": [
    ["no key", one("aws:sns/topic:Topic", {})],
    ["empty key", one("aws:sns/topic:Topic", { kmsMasterKeyId: "" })],
    ["blank key", one("aws:sns/topic:Topic", { kmsMasterKeyId: "   " })],
    ["key null", one("aws:sns/topic:Topic", { kmsMasterKeyId: null })],
    ["key as a number", one("aws:sns/topic:Topic", { kmsMasterKeyId: 0 })],
  ],
  "emailmate-tenant-enforce-isolation": [
    ["a log group on another tenant's key", change(tenants(), "acme-audit-log-group", (r) => setProp(r, "kmsKeyId", globexKeyArn))],
    ["a configuration set not associated with the SES tenant", tenants().filter((r) => r.name !== "acme-configuration-set-association")],
    ["a topic without a key", change(tenants(), "acme-alerts-topic", (r) => setProp(r, "kmsMasterKeyId", undefined))],
    ["an identity on another tenant's configuration set", change(tenants(), "acme-identity-mail.acme.example", (r) => setProp(r, "configurationSetName", "tenant-globex"))],
    ["no SES tenant", tenants().filter((r) => r.name !== "acme-ses-tenant")],
    ["no key", tenants().filter((r) => r.name !== "acme-key")],
    ["a log group on a key nobody owns", change(tenants(), "acme-audit-log-group", (r) => setProp(r, "kmsKeyId", acmeKeyArn.replace("acme", "shared")))],
  ],
  "emailmate-tenant-missing-tag": [
    ["tag key in another case", change(tenants(), "acme-key", (r) => setProp(r, "tags", { Tenant: "acme" }))],
    ["tag value in another case", change(tenants(), "acme-key", (r) => setProp(r, "tags", { tenant: "ACME" }))],
    ["tag value with a space", change(tenants(), "acme-key", (r) => setProp(r, "tags", { tenant: " acme" }))],
    ["no tags", change(tenants(), "acme-key", (r) => setProp(r, "tags", undefined))],
    ["another tenant's tag", change(tenants(), "acme-alerts-topic", (r) => setProp(r, "tags", { tenant: "globex" }))],
  ],
  "vercel-project-enforce-hsts": [
    ["no includeSubDomains", hsts("max-age=31536000")],
    ["max-age below a year", hsts("max-age=86400; includeSubDomains")],
    ["directives separated by a comma", hsts("max-age=31536000, includeSubDomains")],
    ["max-age twice (browsers ignore the header)", hsts("max-age=0; max-age=63072000; includeSubDomains")],
    ["max-age not a number", hsts('max-age="a year"; includeSubDomains')],
    ["only the root path", hsts("max-age=63072000; includeSubDomains", "/")],
    ["only /api", hsts("max-age=63072000; includeSubDomains", "/api/(.*)")],
    ["no header on the route", hsts(null)],
    ["a route limited by a has condition", routeWith((route) => ({ ...route, has: [{ type: "host", value: "www.emailmate.dev" }] }))],
    ["a route limited by a missing condition", routeWith((route) => ({ ...route, missing: [{ type: "header", key: "x-preview" }] }))],
    ["the route disabled as a string", routeProps((p) => ({ ...p, enabled: "false" }))],
  ],
  "vercel-project-environment-variable-enforce-sensitive": [
    ["a secret word inside a word", one(ENV, { key: "STRIPESECRETKEY", value: "x", sensitive: false })],
    ["a database URL", one(ENV, { key: "DATABASE_URL", value: "postgres://u:p@h/db" })],
    ["sensitive as the string \"true\"", one(ENV, { key: "stripe_secret_key", value: "x", sensitive: "true" })],
    ["sensitive as 1", one(ENV, { key: "SENTRY_DSN", value: "x", sensitive: 1 })],
    ["a secret value under an innocent key", one(ENV, { key: "APP_CONFIG", value: secret("x"), sensitive: false })],
    ["an undecryptable secret value under an innocent key", one(ENV, { key: "APP_CONFIG", value: MASKED_SECRET })],
    ["one of many variables", one("vercel:index/projectEnvironmentVariables:ProjectEnvironmentVariables", { variables: [{ key: "SENTRY_DSN", value: "x", sensitive: false }] })],
  ],
};

describe("src/policy/checks (hostile inputs)", () => {
  it("has a table for every check", () => {
    expect(Object.keys(TABLES).sort()).toEqual(ALL_CHECKS.map((c) => c.id).sort());
  });

  for (const check of ALL_CHECKS as readonly Check[]) {
    describe(check.id, () => {
      it.each(TABLES[check.id] ?? [])("fails %s", (_what, records) => {
        const outcome = run(check, records);
        expect(outcome.status, outcome.messages.join("\n")).toBe("fail");
      });
    });
  }
});
