/** ARNs the program must know before the resources exist (key policies name the resources they serve). */

/** The account and partition the stack deploys to (stack config `accountId`). */
export interface AccountEnv {
  readonly accountId: string;
  readonly partition: string;
}

export const arns = {
  accountRoot: (env: AccountEnv) => `arn:${env.partition}:iam::${env.accountId}:root`,
  logGroup: (env: AccountEnv, region: string, name: string) => `arn:${env.partition}:logs:${region}:${env.accountId}:log-group:${name}`,
  configurationSet: (env: AccountEnv, region: string, name: string) => `arn:${env.partition}:ses:${region}:${env.accountId}:configuration-set/${name}`,
  emailIdentity: (env: AccountEnv, region: string, identity: string) => `arn:${env.partition}:ses:${region}:${env.accountId}:identity/${identity}`,
  alarm: (env: AccountEnv, region: string, name: string) => `arn:${env.partition}:cloudwatch:${region}:${env.accountId}:alarm:${name}`,
  kmsKey: (env: AccountEnv, region: string, keyId: string) => `arn:${env.partition}:kms:${region}:${env.accountId}:key/${keyId}`,
  kmsAlias: (env: AccountEnv, region: string, alias: string) => `arn:${env.partition}:kms:${region}:${env.accountId}:${alias}`,
  snsTopic: (env: AccountEnv, region: string, name: string) => `arn:${env.partition}:sns:${region}:${env.accountId}:${name}`,
  sesTenant: (env: AccountEnv, region: string, name: string, tenantId: string) => `arn:${env.partition}:ses:${region}:${env.accountId}:tenant/${name}/${tenantId}`,
};
