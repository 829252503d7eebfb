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
