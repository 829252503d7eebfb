/**
 * SDK client settings from the environment. The SDK itself reads AWS_REGION, AWS_ENDPOINT_URL, credentials and
 * profiles; this only adds what we choose (retry count) and lets tests and the CLI pass an explicit endpoint.
 */
export interface AwsClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  maxAttempts?: number;
}

export function awsClientConfig(env: Readonly<Record<string, string | undefined>>, overrides: AwsClientConfig = {}): AwsClientConfig {
  const config: AwsClientConfig = { ...overrides };
  config.region ??= env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  config.endpoint ??= env.AWS_ENDPOINT_URL;
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as AwsClientConfig;
}

/**
 * Client settings for one service from a command's environment: AWS_ENDPOINT_URL_<SERVICE> before AWS_ENDPOINT_URL,
 * and credentials when the environment names them (else the SDK's own chain: profile, SSO, instance role…).
 */
export function serviceClientConfig(env: Readonly<Record<string, string | undefined>>, service: string, overrides: AwsClientConfig = {}): AwsClientConfig {
  const id = env.AWS_ACCESS_KEY_ID;
  const secret = env.AWS_SECRET_ACCESS_KEY;
  const credentials = id && secret ? { accessKeyId: id, secretAccessKey: secret, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) } : undefined;
  return awsClientConfig(env, { endpoint: env[`AWS_ENDPOINT_URL_${service}`], credentials, ...overrides });
}
