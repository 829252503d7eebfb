import {
  CreateKeyCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  GetKeyPolicyCommand,
  KMSClient,
  ListKeysCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  UpdateAliasCommand,
  type KeySpec,
  type KeyUsageType,
} from "@aws-sdk/client-kms";
import { withDeadline, type CallOptions } from "./callOptions";
import type { AwsClientConfig } from "./config";
import { awsError } from "./errors";
import { KmsKeyAdapter, type KeyControl } from "./kms";

/** What a replacement key must copy from the key it replaces (and what the Pulumi model declares for both). */
export interface KeySnapshot {
  readonly keyId: string;
  readonly arn: string;
  readonly keyState: string;
  readonly description: string;
  readonly keySpec: string;
  readonly keyUsage: string;
  /** The key policy document (GetKeyPolicy, policy name "default"). */
  readonly policy: string;
  readonly tags: readonly { readonly key: string; readonly value: string }[];
  readonly rotationEnabled: boolean;
  readonly creationDate?: string;
}

export interface NewKeyInput {
  readonly description: string;
  readonly keySpec: string;
  readonly keyUsage: string;
  readonly policy: string;
  readonly tags: readonly { readonly key: string; readonly value: string }[];
}

/**
 * The KMS capability the key-replacement steps use: read a key completely, create its replacement, repoint an
 * alias, lock a key's policy, read rotation status. Errors are OpsErrors (exit 3) naming the operation.
 */
export interface KeyAdmin extends KeyControl {
  /** DescribeKey + GetKeyPolicy + ListResourceTags + GetKeyRotationStatus. Accepts a key id or alias name. */
  snapshot(keyRef: string, options?: CallOptions): Promise<KeySnapshot>;
  /** CreateKey (not idempotent: each call makes a key). */
  createKey(input: NewKeyInput, options?: CallOptions): Promise<{ keyId: string; arn: string }>;
  enableRotation(keyId: string, options?: CallOptions): Promise<void>;
  getPolicy(keyId: string, options?: CallOptions): Promise<string>;
  putPolicy(keyId: string, policy: string, options?: CallOptions): Promise<void>;
  /** UpdateAlias: points an existing alias at another key. */
  updateAlias(alias: string, keyId: string, options?: CallOptions): Promise<void>;
  /** Keys created at or after `since` whose description is `description` (ListKeys + DescribeKey): for reconciling CreateKey. */
  keysCreatedSince(description: string, since: Date, options?: CallOptions): Promise<string[]>;
}

/** The KMS adapter for incidents: KeyControl plus what replacing a key needs, over one client. */
export class KmsAdminAdapter extends KmsKeyAdapter implements KeyAdmin {
  constructor(config: AwsClientConfig | KMSClient) {
    super(config);
  }

  private async call<T>(operation: string, options: CallOptions | undefined, run: (o: { abortSignal?: AbortSignal }) => Promise<T>): Promise<T> {
    try {
      return await withDeadline(options, run);
    } catch (err) {
      throw awsError("KMS", operation, err);
    }
  }

  async snapshot(keyRef: string, options?: CallOptions): Promise<KeySnapshot> {
    const described = await this.call("DescribeKey", options, (o) => this.client.send(new DescribeKeyCommand({ KeyId: keyRef }), o));
    const m = described.KeyMetadata;
    if (!m?.KeyId) throw awsError("KMS", "DescribeKey", new Error("DescribeKey returned no KeyMetadata"));
    const keyId = m.KeyId;
    const policy = await this.getPolicy(keyId, options);
    const tags: { key: string; value: string }[] = [];
    let marker: string | undefined;
    do {
      const page = await this.call("ListResourceTags", options, (o) => this.client.send(new ListResourceTagsCommand({ KeyId: keyId, Marker: marker }), o));
      for (const t of page.Tags ?? []) tags.push({ key: t.TagKey ?? "", value: t.TagValue ?? "" });
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker !== undefined);
    const rotation = await this.rotationStatus(keyId, options);
    return {
      keyId,
      arn: m.Arn ?? "",
      keyState: m.KeyState ?? (m.Enabled ? "Enabled" : "Disabled"),
      description: m.Description ?? "",
      keySpec: m.KeySpec ?? "SYMMETRIC_DEFAULT",
      keyUsage: m.KeyUsage ?? "ENCRYPT_DECRYPT",
      policy,
      tags,
      rotationEnabled: rotation.enabled,
      ...(m.CreationDate ? { creationDate: m.CreationDate.toISOString() } : {}),
    };
  }

  async createKey(input: NewKeyInput, options?: CallOptions): Promise<{ keyId: string; arn: string }> {
    const out = await this.call("CreateKey", options, (o) =>
      this.client.send(
        new CreateKeyCommand({
          Description: input.description,
          KeySpec: input.keySpec as KeySpec,
          KeyUsage: input.keyUsage as KeyUsageType,
          Policy: input.policy,
          Tags: input.tags.map((t) => ({ TagKey: t.key, TagValue: t.value })),
        }),
        o,
      ),
    );
    const m = out.KeyMetadata;
    if (!m?.KeyId) throw awsError("KMS", "CreateKey", new Error("CreateKey returned no KeyMetadata"));
    return { keyId: m.KeyId, arn: m.Arn ?? "" };
  }

  async enableRotation(keyId: string, options?: CallOptions): Promise<void> {
    await this.call("EnableKeyRotation", options, (o) => this.client.send(new EnableKeyRotationCommand({ KeyId: keyId }), o));
  }

  async getPolicy(keyId: string, options?: CallOptions): Promise<string> {
    const out = await this.call("GetKeyPolicy", options, (o) => this.client.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "default" }), o));
    return out.Policy ?? "";
  }

  async putPolicy(keyId: string, policy: string, options?: CallOptions): Promise<void> {
    await this.call("PutKeyPolicy", options, (o) => this.client.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: "default", Policy: policy }), o));
  }

  async updateAlias(alias: string, keyId: string, options?: CallOptions): Promise<void> {
    await this.call("UpdateAlias", options, (o) => this.client.send(new UpdateAliasCommand({ AliasName: alias, TargetKeyId: keyId }), o));
  }

  async keysCreatedSince(description: string, since: Date, options?: CallOptions): Promise<string[]> {
    const found: string[] = [];
    let marker: string | undefined;
    do {
      const page = await this.call("ListKeys", options, (o) => this.client.send(new ListKeysCommand({ Marker: marker }), o));
      for (const k of page.Keys ?? []) {
        if (!k.KeyId) continue;
        const d = await this.call("DescribeKey", options, (o) => this.client.send(new DescribeKeyCommand({ KeyId: k.KeyId }), o));
        const m = d.KeyMetadata;
        if (m?.Description === description && m.CreationDate !== undefined && m.CreationDate.getTime() >= since.getTime() - 1000) found.push(k.KeyId);
      }
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker !== undefined);
    return found;
  }
}
