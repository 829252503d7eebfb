import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import type { Moto } from "./moto";

/** An IAM user created in moto with an access key: the environment a CLI run as that person needs. */
export interface IamUser {
  readonly name: string;
  readonly arn: string;
  readonly env: { AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string };
}

/**
 * Creates IAM users with access keys in moto, so that sts:GetCallerIdentity answers for each of them with their own
 * ARN (arn:aws:iam::123456789012:user/<name>): distinct principals for approvals.
 */
export async function createIamUsers(moto: Moto, names: readonly string[]): Promise<Record<string, IamUser>> {
  const iam = new IAMClient({ ...moto.clientConfig, region: "us-east-1" });
  try {
    const out: Record<string, IamUser> = {};
    for (const name of names) {
      const user = await iam.send(new CreateUserCommand({ UserName: name }));
      const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
      out[name] = {
        name,
        arn: user.User!.Arn!,
        env: { AWS_ACCESS_KEY_ID: key.AccessKey!.AccessKeyId!, AWS_SECRET_ACCESS_KEY: key.AccessKey!.SecretAccessKey! },
      };
    }
    return out;
  } finally {
    iam.destroy();
  }
}
