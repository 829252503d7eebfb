import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StsIdentityAdapter } from "../../src/aws/sts";
import { OpsError } from "../../src/core/errors";
import { createIamUsers, type IamUser } from "../support/iamUsers";
import { failingSts } from "../support/failingSts";
import { startMoto, type Moto } from "../support/moto";

describe("src/aws/sts", () => {
  let moto: Moto;
  let users: Record<string, IamUser>;
  beforeAll(async () => {
    moto = await startMoto();
    users = await createIamUsers(moto, ["alice", "bob"]);
  });
  afterAll(async () => {
    await moto.stop();
  });

  const adapter = (endpoint: string, user?: IamUser) =>
    new StsIdentityAdapter({
      endpoint,
      region: "eu-west-1",
      maxAttempts: 1,
      credentials: user ? { accessKeyId: user.env.AWS_ACCESS_KEY_ID, secretAccessKey: user.env.AWS_SECRET_ACCESS_KEY } : { accessKeyId: "testing", secretAccessKey: "testing" },
    });

  it("answers with the ARN of the IAM user the credentials belong to, one per user", async () => {
    const a = adapter(moto.endpoint, users.alice);
    const b = adapter(moto.endpoint, users.bob);
    const [alice, bob] = [await a.whoAmI(), await b.whoAmI()];
    a.destroy();
    b.destroy();
    expect([alice.arn, alice.account, bob.arn]).toEqual(["arn:aws:iam::123456789012:user/alice", "123456789012", "arn:aws:iam::123456789012:user/bob"]);
  });

  // GetCallerIdentity documents no errors of its own (@throws STSServiceException only): what fails is the credentials.
  for (const [status, code, message] of [
    [403, "InvalidClientTokenId", "The security token included in the request is invalid."],
    [403, "ExpiredToken", "The security token included in the request is expired"],
    [403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided."],
  ] as const) {
    it(`reports ${code} as an access problem with the credentials (E_AWS_ACCESS_DENIED, exit 3)`, async () => {
      const sts = await failingSts(status, code, message);
      const a = adapter(sts.endpoint);
      const err = await a.whoAmI().catch((e: unknown) => e as OpsError);
      a.destroy();
      sts.server.close();
      expect([err instanceof OpsError, (err as OpsError).code, (err as OpsError).exitCode, (err as OpsError).message]).toEqual([
        true,
        "E_AWS_ACCESS_DENIED",
        3,
        `STS GetCallerIdentity failed: ${code}: ${message}`,
      ]);
    });
  }
});
