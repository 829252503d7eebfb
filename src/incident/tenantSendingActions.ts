import { z } from "zod";
import { tenantNames } from "../tenants/names";
import { TENANT_ID_PATTERN } from "../tenants/schema";
import type { ActionSpec, ApiCall } from "./actions";

/**
 * Tenant-level containment: the SES v2 tenant is a reputation entity whose customer-managed sending status stops (or
 * allows) ALL of the tenant's sending, through every configuration set and identity associated with it. Pausing the
 * configuration set (aws.ses.pauseSending) stops only mail sent with that configuration set.
 */
export const TENANT_SENDING_ACTION_NAMES = ["aws.ses.pauseTenant", "aws.ses.resumeTenant", "aws.ses.describeTenant"] as const;

const tenantId = z.string().regex(TENANT_ID_PATTERN, { error: "expected a tenant id, got {value}" }).describe("the tenant id");
const OUTPUTS = ["tenantName", "tenantArn", "customerManagedStatus", "awsSesManagedStatus", "sendingStatus"];

const statusCalls = (status: string | undefined) => (i: Record<string, unknown>): ApiCall[] => {
  const name = tenantNames(String(i.tenant)).sesTenant;
  const arn = `<TenantArn of ${name}>`;
  return [
    { service: "sesv2", operation: "GetTenant", input: { TenantName: name } },
    ...(status === undefined
      ? []
      : [{ service: "sesv2" as const, operation: "UpdateReputationEntityCustomerManagedStatus", input: { ReputationEntityType: "RESOURCE", ReputationEntityReference: arn, SendingStatus: status } }]),
    { service: "sesv2", operation: "GetReputationEntity", input: { ReputationEntityType: "RESOURCE", ReputationEntityReference: arn } },
  ];
};

export const TENANT_SENDING_ACTION_SPECS: readonly ActionSpec[] = [
  {
    name: "aws.ses.pauseTenant",
    kind: "aws",
    summary:
      "stops ALL of the tenant's sending — every configuration set and identity of its SES tenant (UpdateReputationEntityCustomerManagedStatus DISABLED on the tenant's ARN), then reads the aggregate status back",
    inputs: z.strictObject({ tenant: tenantId }),
    outputs: OUTPUTS,
    idempotent: true,
    irreversible: false,
    calls: (i) => statusCalls("DISABLED")(i),
  },
  {
    name: "aws.ses.resumeTenant",
    kind: "aws",
    summary:
      "allows the tenant's sending again (customer-managed status ENABLED, or REINSTATED to send despite open reputation findings); SES's own status still overrides: if SES disabled the tenant, it stays disabled",
    inputs: z.strictObject({
      tenant: tenantId,
      status: z.enum(["ENABLED", "REINSTATED"]).default("ENABLED").describe("ENABLED, or REINSTATED to send despite open reputation findings"),
    }),
    outputs: OUTPUTS,
    idempotent: true,
    irreversible: false,
    calls: (i) => statusCalls(String(i.status ?? "ENABLED"))(i),
  },
  {
    name: "aws.ses.describeTenant",
    kind: "aws",
    summary: "reads the tenant's sending status: GetTenant and its reputation entity (customer-managed, SES-managed and aggregate status)",
    inputs: z.strictObject({ tenant: tenantId }),
    outputs: OUTPUTS,
    idempotent: true,
    irreversible: false,
    calls: (i) => statusCalls(undefined)(i),
  },
];
