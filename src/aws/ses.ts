import {
  GetConfigurationSetCommand,
  PutConfigurationSetSendingOptionsCommand,
  SESv2Client,
} from "@aws-sdk/client-sesv2";
import { withDeadline, type CallOptions } from "./callOptions";
import type { AwsClientConfig } from "./config";
import { awsError } from "./errors";

export type { CallOptions } from "./callOptions";

/** A configuration set's state as the incident runner reads it. */
export interface ConfigurationSetState {
  readonly name: string;
  readonly sendingEnabled: boolean;
  readonly tlsPolicy?: string;
  readonly suppressedReasons: readonly string[];
}

/**
 * The SES v2 capability incidents use: stop and resume a tenant's sending (its configuration set) and read it back.
 * Errors are OpsErrors (exit 3) naming the operation, the SDK error as `cause` (see isTransientAwsError).
 */
export interface SendingControl {
  /** PutConfigurationSetSendingOptions: idempotent. */
  setSendingEnabled(configurationSet: string, enabled: boolean, options?: CallOptions): Promise<void>;
  /** GetConfigurationSet. */
  describe(configurationSet: string, options?: CallOptions): Promise<ConfigurationSetState>;
}

/** The SDK adapter. Pass `maxAttempts: 1` when the caller retries itself (the incident runner does). */
export class SesV2SendingAdapter implements SendingControl {
  private readonly client: SESv2Client;

  constructor(config: AwsClientConfig | SESv2Client) {
    this.client = config instanceof SESv2Client ? config : new SESv2Client(config);
  }

  async setSendingEnabled(configurationSet: string, enabled: boolean, options?: CallOptions): Promise<void> {
    try {
      await withDeadline(options, (o) => this.client.send(new PutConfigurationSetSendingOptionsCommand({ ConfigurationSetName: configurationSet, SendingEnabled: enabled }), o));
    } catch (err) {
      throw awsError("SES v2", "PutConfigurationSetSendingOptions", err);
    }
  }

  async describe(configurationSet: string, options?: CallOptions): Promise<ConfigurationSetState> {
    try {
      const out = await withDeadline(options, (o) => this.client.send(new GetConfigurationSetCommand({ ConfigurationSetName: configurationSet }), o));
      const enabled = out.SendingOptions?.SendingEnabled;
      return {
        name: out.ConfigurationSetName ?? configurationSet,
        // SES reports SendingEnabled; a configuration set without SendingOptions sends (the SES default).
        sendingEnabled: typeof enabled === "boolean" ? enabled : true,
        tlsPolicy: out.DeliveryOptions?.TlsPolicy,
        suppressedReasons: out.SuppressionOptions?.SuppressedReasons ?? [],
      };
    } catch (err) {
      throw awsError("SES v2", "GetConfigurationSet", err);
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
