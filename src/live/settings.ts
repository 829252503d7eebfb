import { usageError } from "../core/errors";
import type { LiveAwsSettings } from "../aws/collectors/clients";
import { ENDPOINT_ENV, LIVE_SERVICES, type LiveService } from "../aws/collectors/operations";

export interface LiveFlags {
  readonly region?: string;
  readonly profile?: string;
}

/**
 * The collectors' AWS settings from the flags and the command's environment, as the rest of the CLI reads it:
 * `--profile` (else AWS_PROFILE), static credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY when no profile is
 * named, endpoints per service (AWS_ENDPOINT_URL_KMS, _CLOUDWATCH_LOGS, _SNS, _SESV2, _STS) else AWS_ENDPOINT_URL,
 * and AWS_MAX_ATTEMPTS. Region(s): `--region`, else the plan's regions.
 */
export function liveSettings(flags: LiveFlags, env: Readonly<Record<string, string | undefined>>): { regions?: string[]; aws: Omit<LiveAwsSettings, "region"> } {
  if (flags.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(flags.region)) throw usageError("E_USAGE", `--region ${flags.region}: not an AWS region name (e.g. eu-west-1)`);
  const profile = flags.profile ?? (env.AWS_PROFILE || undefined);
  const endpoints: Partial<Record<LiveService, string>> = {};
  for (const s of LIVE_SERVICES) {
    const v = env[ENDPOINT_ENV[s]];
    if (v) endpoints[s] = v;
  }
  const attempts = env.AWS_MAX_ATTEMPTS === undefined ? undefined : Number(env.AWS_MAX_ATTEMPTS);
  if (attempts !== undefined && (!Number.isInteger(attempts) || attempts < 1)) throw usageError("E_USAGE", `AWS_MAX_ATTEMPTS=${env.AWS_MAX_ATTEMPTS}: expected a whole number ≥ 1`);
  const id = env.AWS_ACCESS_KEY_ID;
  const secret = env.AWS_SECRET_ACCESS_KEY;
  return {
    ...(flags.region !== undefined ? { regions: [flags.region] } : {}),
    aws: {
      ...(profile !== undefined ? { profile } : {}),
      ...(Object.keys(endpoints).length > 0 ? { endpoints } : {}),
      ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}),
      ...(profile === undefined && id && secret ? { credentials: { accessKeyId: id, secretAccessKey: secret, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) } } : {}),
      ...(attempts !== undefined ? { maxAttempts: attempts } : {}),
    },
  };
}
