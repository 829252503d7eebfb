import { describe, expect, it } from "vitest";
import { awsError } from "../../src/aws/errors";

const sdkError = (name: string, message: string, status?: number) =>
  Object.assign(new Error(message), { name, ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }) });

describe("src/aws/errors", () => {
  it("says the endpoint is wrong when it answers a bare 404 (the SDK's Unknown: UnknownError)", () => {
    const err = awsError("CloudWatch Logs", "CreateLogStream", sdkError("Unknown", "UnknownError", 404));
    expect([err.exitCode, err.code, err.message, err.hint]).toEqual([
      3,
      "E_AWS_ENDPOINT",
      "CloudWatch Logs CreateLogStream failed: the endpoint answered HTTP 404 with something that is not an AWS API response",
      "check AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_<SERVICE>) and AWS_REGION",
    ]);
  });

  it("says the endpoint is wrong when it answers an HTML page the SDK cannot parse", () => {
    const message = `Unexpected token '<', "<!DOCTYPE "... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.`;
    const err = awsError("KMS", "DescribeKey", sdkError("SyntaxError", message, 501));
    expect([err.code, err.message]).toEqual(["E_AWS_ENDPOINT", "KMS DescribeKey failed: the endpoint answered HTTP 501 with something that is not an AWS API response"]);
  });

  it("tells how to give credentials when none are found", () => {
    const err = awsError("CloudWatch Logs", "FilterLogEvents", sdkError("CredentialsProviderError", "Could not load credentials from any providers"));
    expect([err.exitCode, err.message, err.hint]).toEqual([
      3,
      "CloudWatch Logs FilterLogEvents failed: CredentialsProviderError: Could not load credentials from any providers",
      "set AWS credentials: AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or `aws sso login`",
    ]);
  });

  it("keeps an AWS error's own name and message", () => {
    const err = awsError("KMS", "DisableKey", sdkError("NotFoundException", "Key 'x' does not exist", 400));
    expect([err.code, err.message]).toEqual(["E_AWS_NOT_FOUND", "KMS DisableKey failed: NotFoundException: Key 'x' does not exist"]);
  });
});
