import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { withDeadline, type CallOptions } from "./callOptions";
import type { AwsClientConfig } from "./config";
import { environmentError } from "../core/errors";
import { awsError } from "./errors";

/** Who the credentials belong to, as STS says. */
export interface CallerIdentity {
  /** `arn:aws:iam::123456789012:user/alice`, `arn:aws:sts::123456789012:assumed-role/OnCall/alice@example.com`, … */
  readonly arn: string;
  readonly account: string;
  readonly userId: string;
}

/** The identity capability: who is acting, from the credentials themselves (not from a name someone typed). */
export interface IdentityReader {
  /**
   * sts:GetCallerIdentity. Needs no permission (an explicit deny does not stop it), so a failure means the
   * credentials themselves are missing, invalid or expired: an OpsError (exit 3), E_AWS_ACCESS_DENIED for
   * InvalidClientTokenId / ExpiredToken / SignatureDoesNotMatch-style answers.
   */
  whoAmI(options?: CallOptions): Promise<CallerIdentity>;
}

/** The SDK adapter. */
export class StsIdentityAdapter implements IdentityReader {
  private readonly client: STSClient;

  constructor(config: AwsClientConfig | STSClient) {
    this.client = config instanceof STSClient ? config : new STSClient(config);
  }

  async whoAmI(options?: CallOptions): Promise<CallerIdentity> {
    let out;
    try {
      out = await withDeadline(options, (o) => this.client.send(new GetCallerIdentityCommand({}), o));
    } catch (err) {
      // GetCallerIdentity documents no errors of its own (only STSServiceException): what comes back is about the
      // credentials (InvalidClientTokenId, ExpiredToken, SignatureDoesNotMatch), the endpoint or the network.
      throw awsError("STS", "GetCallerIdentity", err);
    }
    if (!out.Arn || !out.Account || !out.UserId) {
      throw environmentError("E_AWS_IDENTITY", "STS GetCallerIdentity answered without an Arn, Account and UserId: cannot tell who is acting", {
        hint: "check AWS_ENDPOINT_URL_STS (or AWS_ENDPOINT_URL)",
      });
    }
    return { arn: out.Arn, account: out.Account, userId: out.UserId };
  }

  destroy(): void {
    this.client.destroy();
  }
}
