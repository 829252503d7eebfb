import { environmentError, type OpsError } from "../core/errors";

/** AWS errors that say "slow down" or "try again": retry these with backoff. */
const TRANSIENT = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "LimitExceededException",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "InternalFailure",
  "InternalServerError",
  "InternalServiceError",
  "RequestTimeout",
  "RequestTimeoutException",
]);
const NETWORK = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "ECONNABORTED", "UND_ERR_SOCKET"]);

function errorName(err: unknown): string {
  if (err && typeof err === "object") {
    const e = err as { name?: string; code?: string; Code?: string };
    return e.Code ?? e.code ?? e.name ?? "Error";
  }
  return "Error";
}

function httpStatus(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

/** Throttling, 5xx and dropped connections: worth another attempt. */
export function isTransientAwsError(err: unknown): boolean {
  const name = errorName(err);
  const status = httpStatus(err);
  return TRANSIENT.has(name) || NETWORK.has(name) || (status !== undefined && (status >= 500 || status === 429)) || /socket hang up|ECONNRESET/i.test(String((err as Error)?.message));
}

/**
 * An AWS failure as an OpsError (exit 3) naming service and operation. The SDK's message is kept, credentials never:
 * request signatures and keys are not part of SDK error messages, and we add nothing from the request.
 */
export function awsError(service: string, operation: string, err: unknown): OpsError {
  const name = errorName(err);
  const status = httpStatus(err);
  // An HTML page or a bare 404 instead of an AWS answer: the SDK says "Unknown: UnknownError" or "Deserialization error".
  if (status !== undefined && (name === "Unknown" || /Deserialization error/.test(err instanceof Error ? err.message : ""))) {
    return environmentError("E_AWS_ENDPOINT", `${service} ${operation} failed: the endpoint answered HTTP ${status} with something that is not an AWS API response`, {
      hint: "check AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_<SERVICE>) and AWS_REGION",
      cause: err,
    });
  }
  const code = /AccessDenied|UnrecognizedClient|InvalidClientTokenId|ExpiredToken|SignatureDoesNotMatch|NotAuthorized/i.test(name)
    ? "E_AWS_ACCESS_DENIED"
    : /NotFound|^NoSuch/i.test(name)
      ? "E_AWS_NOT_FOUND"
      : isTransientAwsError(err)
        ? "E_AWS_UNAVAILABLE"
        : "E_AWS_REQUEST";
  const message = err instanceof Error ? err.message.replace(/(AKIA|ASIA)[A-Z0-9]{12,}/g, "[redacted]") : String(err);
  return environmentError(code, `${service} ${operation} failed: ${name}: ${message}`, {
    hint:
      code === "E_AWS_ACCESS_DENIED"
        ? "check the AWS credentials and IAM permissions for this operation"
        : name === "CredentialsProviderError"
          ? "set AWS credentials: AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or `aws sso login`"
          : undefined,
    cause: err,
  });
}
