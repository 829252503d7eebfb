import {
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeyRotationsCommand,
  RotateKeyOnDemandCommand,
} from "@aws-sdk/client-kms";
import type { AwsClientConfig } from "./config";
import { awsError } from "./errors";
import { withDeadline, type CallOptions } from "./callOptions";

/** A KMS key's identity and state. */
export interface KeyState {
  readonly keyId: string;
  readonly arn: string;
  /** Enabled, Disabled, PendingDeletion, … */
  readonly keyState: string;
  readonly enabled: boolean;
}

/**
 * The KMS capability incidents use. State changes take a key id (not an ARN or alias): resolve aliases with
 * `describe` first. Errors are OpsErrors (exit 3) naming the operation, the SDK error as `cause`.
 */
export interface KeyControl {
  /** DescribeKey: accepts a key id, ARN or alias name. */
  describe(keyRef: string, options?: CallOptions): Promise<KeyState>;
  disable(keyId: string, options?: CallOptions): Promise<void>;
  enable(keyId: string, options?: CallOptions): Promise<void>;
  /** RotateKeyOnDemand: not idempotent (each call starts a rotation, which runs asynchronously), at most 25 per key. */
  rotateOnDemand(keyId: string, options?: CallOptions): Promise<void>;
  /** How many ON_DEMAND rotations the key has had (ListKeyRotations, all pages: completed ones only). */
  onDemandRotationCount(keyId: string, options?: CallOptions): Promise<number>;
  /** GetKeyRotationStatus: automatic rotation, and the start of an on-demand rotation still in progress. */
  rotationStatus(keyId: string, options?: CallOptions): Promise<RotationStatus>;
}

/** GetKeyRotationStatus: automatic rotation, and the start of an on-demand rotation still in progress. */
export interface RotationStatus {
  readonly enabled: boolean;
  /** Set while an on-demand rotation runs (it is asynchronous); absent when none is in progress. */
  readonly onDemandRotationStartDate?: string;
}

export class KmsKeyAdapter implements KeyControl {
  protected readonly client: KMSClient;

  constructor(config: AwsClientConfig | KMSClient) {
    this.client = config instanceof KMSClient ? config : new KMSClient(config);
  }

  async describe(keyRef: string, options?: CallOptions): Promise<KeyState> {
    try {
      const out = await withDeadline(options, (o) => this.client.send(new DescribeKeyCommand({ KeyId: keyRef }), o));
      const m = out.KeyMetadata;
      if (!m?.KeyId) throw new Error("DescribeKey returned no KeyMetadata");
      return { keyId: m.KeyId, arn: m.Arn ?? "", keyState: m.KeyState ?? (m.Enabled ? "Enabled" : "Disabled"), enabled: m.Enabled === true };
    } catch (err) {
      throw awsError("KMS", "DescribeKey", err);
    }
  }

  async disable(keyId: string, options?: CallOptions): Promise<void> {
    try {
      await withDeadline(options, (o) => this.client.send(new DisableKeyCommand({ KeyId: keyId }), o));
    } catch (err) {
      throw awsError("KMS", "DisableKey", err);
    }
  }

  async enable(keyId: string, options?: CallOptions): Promise<void> {
    try {
      await withDeadline(options, (o) => this.client.send(new EnableKeyCommand({ KeyId: keyId }), o));
    } catch (err) {
      throw awsError("KMS", "EnableKey", err);
    }
  }

  async rotateOnDemand(keyId: string, options?: CallOptions): Promise<void> {
    try {
      await withDeadline(options, (o) => this.client.send(new RotateKeyOnDemandCommand({ KeyId: keyId }), o));
    } catch (err) {
      throw awsError("KMS", "RotateKeyOnDemand", err);
    }
  }

  async onDemandRotationCount(keyId: string, options?: CallOptions): Promise<number> {
    let count = 0;
    let marker: string | undefined;
    try {
      do {
        const out = await withDeadline(options, (o) => this.client.send(new ListKeyRotationsCommand({ KeyId: keyId, Marker: marker }), o));
        count += (out.Rotations ?? []).filter((r) => r.RotationType === "ON_DEMAND").length;
        marker = out.Truncated ? out.NextMarker : undefined;
      } while (marker !== undefined);
      return count;
    } catch (err) {
      throw awsError("KMS", "ListKeyRotations", err);
    }
  }

  async rotationStatus(keyId: string, options?: CallOptions): Promise<RotationStatus> {
    try {
      const out = await withDeadline(options, (o) => this.client.send(new GetKeyRotationStatusCommand({ KeyId: keyId }), o));
      return {
        enabled: out.KeyRotationEnabled === true,
        ...(out.OnDemandRotationStartDate ? { onDemandRotationStartDate: out.OnDemandRotationStartDate.toISOString() } : {}),
      };
    } catch (err) {
      throw awsError("KMS", "GetKeyRotationStatus", err);
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
