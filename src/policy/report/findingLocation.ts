import { recordsByUrn, type ResourceRecord } from "../../core/resource";
import { tenantFieldOf } from "../../infra/tenantFields";
import { fieldPosition, type Tenant } from "../../tenants";
import type { Finding } from "../types";

/**
 * The resource properties each check judges (dotted paths into props), so a finding can be traced to the tenant-file
 * field that set them. Checks of platform resources, and checks of wiring the tenant file does not set, judge props no
 * tenant field decides; they are listed all the same, so a new check cannot be forgotten (a test keeps this complete).
 */
export const JUDGED_PROPS: Readonly<Record<string, readonly string[]>> = {
  "aws-apigateway-domain-name-enforce-tls13": ["securityPolicy", "domainNameConfiguration.securityPolicy"],
  "aws-cloudfront-distribution-enforce-tls13": ["viewerCertificate.minimumProtocolVersion"],
  "aws-cloudwatch-log-group-configure-retention": ["retentionInDays"],
  "aws-cloudwatch-log-group-enforce-kms": ["kmsKeyId"],
  "aws-kms-key-configure-symmetric-default": ["keyUsage", "customerMasterKeySpec", "keySpec"],
  "aws-kms-key-disallow-public-principal": ["policy"],
  "aws-kms-key-enable-key-rotation": ["enableKeyRotation"],
  "aws-lb-listener-enforce-tls13": ["sslPolicy"],
  "aws-sesv2-configuration-set-enforce-tls": ["deliveryOptions.tlsPolicy"],
  "aws-sns-topic-enforce-kms": ["kmsMasterKeyId"],
  "emailmate-tenant-enforce-isolation": ["kmsKeyId", "kmsMasterKeyId", "configurationSetName", "tenantName", "resourceArn"],
  "emailmate-tenant-missing-tag": ["tags"],
  "vercel-project-enforce-hsts": ["headers"],
  "vercel-project-environment-variable-enforce-sensitive": ["sensitive"],
};

/** Where a finding points in the repository: a file (relative to the project root), a line and a column. */
export interface FindingLocation {
  readonly uri: string;
  readonly line: number;
  readonly col: number;
  /** The tenant-file field the location is on (`audit.retentionDays`; `id` when no single field applies). */
  readonly field?: string;
}

/**
 * Locates tenant findings at the field that causes them: the finding's resource (by URN) → the props its check judges →
 * the tenant-file field that decides them (infra/tenantFields.ts) → that field's line, kept by the loader. The tenant's
 * `id` line when no single field applies; line 1 of `<tenantsDir>/<id>.yaml` when the tenant file is not at hand.
 * Platform findings: undefined (the caller keeps its default).
 */
export function findingLocator(
  records: readonly ResourceRecord[],
  tenantOf: (id: string) => Tenant | undefined,
  tenantsDir = "tenants",
): (f: Finding) => FindingLocation | undefined {
  // indexed at the first tenant finding (most batches have none worth locating)
  const recordOf = recordsByUrn(records);
  const dir = tenantsDir.replace(/\/+$/, "");
  return (f) => {
    if (f.tenant === undefined) return undefined;
    const tenant = tenantOf(f.tenant);
    if (tenant === undefined) return { uri: `${dir}/${f.tenant}.yaml`, line: 1, col: 1 };
    const record = recordOf(f.urn);
    let field: string | undefined;
    for (const prop of record === undefined ? [] : (JUDGED_PROPS[f.policy] ?? [])) {
      field = tenantFieldOf(record!, prop, tenant);
      if (field !== undefined) break;
    }
    const at = fieldPosition(tenant, field ?? "id");
    const uri = tenant.file.startsWith("/") ? `${dir}/${f.tenant}.yaml` : tenant.file.replace(/\\/g, "/").replace(/^\.\//, "");
    return { uri, line: at.line, col: at.col, field: at.field };
  };
}
