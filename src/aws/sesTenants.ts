import {
  GetReputationEntityCommand,
  GetTenantCommand,
  SESv2Client,
  UpdateReputationEntityCustomerManagedStatusCommand,
  type SendingStatus,
} from "@aws-sdk/client-sesv2";
import { withDeadline, type CallOptions } from "./callOptions";
import type { AwsClientConfig } from "./config";
import { awsError } from "./errors";

/** SES v2 sending status values (tenants and reputation entities). */
export const SENDING_STATUSES = ["ENABLED", "DISABLED", "REINSTATED"] as const;
export type TenantSendingStatus = (typeof SENDING_STATUSES)[number];

export interface SesTenantState {
  readonly tenantName: string;
  readonly tenantArn: string;
  /** GetTenant SendingStatus: whether the tenant may send at all (every configuration set and identity). */
  readonly sendingStatus: string;
}

export interface ReputationEntityState {
  readonly reference: string;
  /** What we set (UpdateReputationEntityCustomerManagedStatus). */
  readonly customerManagedStatus?: string;
  /** What SES set; it overrides ours when it disables. */
  readonly awsSesManagedStatus?: string;
  /** The status sending actually follows. */
  readonly sendingStatusAggregate?: string;
}

/**
 * Tenant-level sending control: an SES v2 tenant is a reputation entity (type RESOURCE, referenced by the tenant's
 * ARN) whose customer-managed status stops or allows ALL of the tenant's sending — every configuration set and
 * identity associated with it. Errors are OpsErrors (exit 3) naming the operation.
 */
export interface TenantSendingControl {
  /** GetTenant. */
  tenant(tenantName: string, options?: CallOptions): Promise<SesTenantState>;
  /** UpdateReputationEntityCustomerManagedStatus (ReputationEntityType RESOURCE). Idempotent. */
  setStatus(entityArn: string, status: TenantSendingStatus, options?: CallOptions): Promise<void>;
  /** GetReputationEntity (ReputationEntityType RESOURCE). */
  entity(entityArn: string, options?: CallOptions): Promise<ReputationEntityState>;
}

export class SesTenantAdapter implements TenantSendingControl {
  private readonly client: SESv2Client;

  constructor(config: AwsClientConfig | SESv2Client) {
    this.client = config instanceof SESv2Client ? config : new SESv2Client(config);
  }

  async tenant(tenantName: string, options?: CallOptions): Promise<SesTenantState> {
    try {
      const out = await withDeadline(options, (o) => this.client.send(new GetTenantCommand({ TenantName: tenantName }), o));
      const t = out.Tenant;
      return { tenantName: t?.TenantName ?? tenantName, tenantArn: t?.TenantArn ?? "", sendingStatus: t?.SendingStatus ?? "ENABLED" };
    } catch (err) {
      throw awsError("SES v2", "GetTenant", err);
    }
  }

  async setStatus(entityArn: string, status: TenantSendingStatus, options?: CallOptions): Promise<void> {
    try {
      await withDeadline(options, (o) =>
        this.client.send(
          new UpdateReputationEntityCustomerManagedStatusCommand({ ReputationEntityType: "RESOURCE", ReputationEntityReference: entityArn, SendingStatus: status as SendingStatus }),
          o,
        ),
      );
    } catch (err) {
      throw awsError("SES v2", "UpdateReputationEntityCustomerManagedStatus", err);
    }
  }

  async entity(entityArn: string, options?: CallOptions): Promise<ReputationEntityState> {
    try {
      const out = await withDeadline(options, (o) => this.client.send(new GetReputationEntityCommand({ ReputationEntityType: "RESOURCE", ReputationEntityReference: entityArn }), o));
      const e = out.ReputationEntity;
      return {
        reference: e?.ReputationEntityReference ?? entityArn,
        ...(e?.CustomerManagedStatus?.Status ? { customerManagedStatus: e.CustomerManagedStatus.Status } : {}),
        ...(e?.AwsSesManagedStatus?.Status ? { awsSesManagedStatus: e.AwsSesManagedStatus.Status } : {}),
        ...(e?.SendingStatusAggregate ? { sendingStatusAggregate: e.SendingStatusAggregate } : {}),
      };
    } catch (err) {
      throw awsError("SES v2", "GetReputationEntity", err);
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
