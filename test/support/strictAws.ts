import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A strict AWS endpoint for tests: one HTTP endpoint in front of moto (KMS, CloudWatch Logs, SNS, STS, IAM) and the
 * project's SES v2 fake (REST paths `/v2/email/…`), which answers as AWS documents where the simulators are lenient.
 * Every rule below quotes the AWS API reference sentence it enforces (from the SDK typings,
 * node_modules/@aws-sdk/client-{kms,cloudwatch-logs}/dist-types/commands/<Op>Command.d.ts and models) and has its
 * own test in test/support/strictAws.test.ts. Point every client (AWS_ENDPOINT_URL) at `endpoint`.
 *
 * Rules, by id (`hits` counts how often each refused or emulated a call):
 * - kms.disabled-crypto: crypto operations and RotateKeyOnDemand / EnableKeyRotation on a Disabled key → DisabledException
 * - kms.pending-deletion: operations other than reads, PutKeyPolicy and CancelKeyDeletion on a PendingDeletion key → KMSInvalidStateException
 * - kms.rotation-async: RotateKeyOnDemand runs asynchronously; GetKeyRotationStatus shows OnDemandRotationStartDate and
 *   ListKeyRotations omits it until it completes (`completeRotations()`)
 * - kms.rotation-conflict: a RotateKeyOnDemand while one is in progress → ConflictException
 * - kms.rotation-limit: more than 25 on-demand rotations → LimitExceededException
 * - kms.policy-lockout: CreateKey/PutKeyPolicy with a policy that does not let the account call PutKeyPolicy again → MalformedPolicyDocumentException
 * - kms.alias-same-type: UpdateAlias to a key of another spec or usage → refused (the reference names no error code
 *   for it; we answer ValidationException, the generic AWS validation error)
 * - logs.associate-emulated: AssociateKmsKey (moto lacks it) is emulated; DescribeLogGroups shows the associated key
 * - logs.associate-key-state: AssociateKmsKey / CreateLogGroup with a missing or disabled key → InvalidParameterException
 * - logs.associate-missing-group: AssociateKmsKey on a missing log group → ResourceNotFoundException
 * - logs.read-needs-keys: reading a log group whose retained events were encrypted under a key that is no longer
 *   usable (disabled or pending deletion) fails
 * - logs.put-batch-limits: PutLogEvents batches over 10,000 events or 1,048,576 bytes, out of chronological order or
 *   spanning more than 24 hours → InvalidParameterException (the partial rejections of events older than 14 days or
 *   more than 2 hours ahead are not emulated: test data is dated)
 * SES v2 (not found for unknown configuration sets and tenants, tenant sending status) is the fake's own behaviour.
 */
export interface StrictAws {
  readonly endpoint: string;
  /** How many calls each rule refused or emulated. */
  readonly hits: ReadonlyMap<string, number>;
  /** Completes every on-demand rotation in progress (AWS finishes them on its own time). */
  completeRotations(): void;
  /** The keys whose data a log group holds (every key associated since creation), oldest first. */
  keysOf(logGroup: string): readonly string[];
  stop(): Promise<void>;
}

export interface StrictAwsOptions {
  /** moto's endpoint (KMS, Logs, SNS, STS, IAM, S3). */
  readonly moto: string;
  /** The SES v2 fake's endpoint (SES v2 requests get 404 without one). */
  readonly ses?: string;
}

interface Upstream {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

class Refusal extends Error {
  constructor(
    readonly rule: string,
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** KMS operations that use key material (the key-state table's cryptographic operations). */
const KMS_CRYPTO = new Set(["Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "Sign", "Verify", "GenerateMac", "VerifyMac"]);
/** KMS operations the key-state table allows on a key pending deletion. */
const KMS_ALLOWED_PENDING = new Set(["DescribeKey", "GetKeyPolicy", "ListKeyPolicies", "ListResourceTags", "ListAliases", "ListKeys", "ListGrants", "ListKeyRotations", "GetKeyRotationStatus", "GetPublicKey", "PutKeyPolicy", "CancelKeyDeletion", "TagResource", "UntagResource"]);
const MAX_ON_DEMAND_ROTATIONS = 25;

export async function startStrictAws(options: StrictAwsOptions): Promise<StrictAws> {
  const hits = new Map<string, number>();
  const hit = (rule: string) => hits.set(rule, (hits.get(rule) ?? 0) + 1);
  /** keyId → start of an on-demand rotation still in progress. */
  const rotating = new Map<string, Date>();
  /** log group → every key its events were encrypted under (creation key, then each association). */
  const groupKeys = new Map<string, string[]>();

  let ownHost = "";
  const forward = (base: string, method: string, path: string, headers: IncomingMessage["headers"], body: Buffer): Promise<Upstream> => {
    const target = new URL(base);
    // Keep a virtual-hosted bucket name (S3): only our own host:port is swapped for the target's.
    const host = String(headers.host ?? ownHost).replace(ownHost, target.host);
    return new Promise((resolve, reject) => {
      const req = httpRequest({ hostname: target.hostname, port: target.port, method, path, headers: { ...headers, host, "content-length": String(body.length) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  };

  /** One JSON-protocol call to moto with the caller's signature headers (moto reads the region from them). */
  const motoJson = async (target: string, input: Record<string, unknown>, headers: IncomingMessage["headers"]): Promise<{ status: number; json: Record<string, unknown> }> => {
    const body = Buffer.from(JSON.stringify(input));
    // moto routes by the signature's credential scope: name the service the call is for.
    const service = target.startsWith("TrentService.") ? "kms" : "logs";
    const authorization = String(headers.authorization ?? "").replace(/(Credential=[^/]+\/\d{8}\/[a-z0-9-]+\/)[a-z0-9-]+\//, `$1${service}/`);
    const up = await forward(options.moto, "POST", "/", { ...headers, authorization, "x-amz-target": target, "content-type": "application/x-amz-json-1.1" }, body);
    return { status: up.status, json: up.body.length === 0 ? {} : (JSON.parse(up.body.toString("utf8")) as Record<string, unknown>) };
  };

  type KeyMeta = { KeyId: string; Arn: string; KeyState: string; KeySpec?: string; KeyUsage?: string };
  const describe = async (keyRef: string, headers: IncomingMessage["headers"]): Promise<KeyMeta | undefined> => {
    const r = await motoJson("TrentService.DescribeKey", { KeyId: keyRef }, headers);
    return r.status === 200 ? (r.json.KeyMetadata as KeyMeta) : undefined;
  };

  /** The rules for one KMS request; returns a response body to send instead of moto's, or undefined to forward. */
  const kmsRules = async (op: string, input: Record<string, unknown>, headers: IncomingMessage["headers"]): Promise<void> => {
    const policy = op === "CreateKey" || op === "PutKeyPolicy" ? input.Policy : undefined;
    if (typeof policy === "string" && input.BypassPolicyLockoutSafetyCheck !== true && !allowsPutKeyPolicy(policy)) {
      // CreateKeyRequest.Policy: "The key policy must allow the calling principal to make a subsequent PutKeyPolicy
      // request on the KMS key. This reduces the risk that the KMS key becomes unmanageable." (the same holds for PutKeyPolicy)
      throw new Refusal("kms.policy-lockout", "MalformedPolicyDocumentException", "The new key policy will not allow you to update the key policy in the future.");
    }
    const keyRef = typeof input.KeyId === "string" ? input.KeyId : op === "UpdateAlias" || op === "CreateAlias" ? String(input.TargetKeyId ?? "") : undefined;
    if (keyRef === undefined || keyRef === "" || op === "CreateKey" || op === "ListKeys" || op === "ListAliases") return;
    const key = await describe(keyRef, headers);
    if (key === undefined) return; // moto answers NotFoundException itself
    if (key.KeyState === "PendingDeletion" && !KMS_ALLOWED_PENDING.has(op)) {
      // KMSInvalidStateException: "The request was rejected because the state of the specified resource is not valid
      // for this request. ... The key state of the KMS key is not compatible with the operation." (key-state table:
      // a key pending deletion can't be used in cryptographic operations, enabled, disabled, rotated or aliased)
      throw new Refusal("kms.pending-deletion", "KMSInvalidStateException", `${key.Arn} is pending deletion.`);
    }
    if (key.KeyState === "Disabled" && (KMS_CRYPTO.has(op) || op === "RotateKeyOnDemand" || op === "EnableKeyRotation")) {
      // RotateKeyOnDemand / EnableKeyRotation / Decrypt …: "DisabledException: The request was rejected because the
      // specified KMS key is not enabled."
      throw new Refusal("kms.disabled-crypto", "DisabledException", `${key.Arn} is disabled.`);
    }
    if (op === "UpdateAlias") {
      // UpdateAlias: "The current and new KMS key must be the same type (both symmetric or both asymmetric or both
      // HMAC), and they must have the same key usage." (No error code is documented for it: ValidationException.)
      const current = await describe(String(input.AliasName), headers);
      if (current !== undefined && (current.KeySpec !== key.KeySpec || current.KeyUsage !== key.KeyUsage)) {
        throw new Refusal("kms.alias-same-type", "ValidationException", `${String(input.AliasName)} points to a ${current.KeySpec}/${current.KeyUsage} key; ${key.KeyId} is ${key.KeySpec}/${key.KeyUsage}.`);
      }
    }
    if (op === "RotateKeyOnDemand") {
      if (rotating.has(key.KeyId)) {
        // RotateKeyOnDemand: "ConflictException: The request was rejected because an automatic rotation of this key is
        // currently in progress or scheduled to begin within the next 20 minutes." On-demand rotations are refused the
        // same way while one is in progress ("You can use GetKeyRotationStatus to identify any in progress on-demand rotations").
        throw new Refusal("kms.rotation-conflict", "ConflictException", `An on-demand rotation of ${key.KeyId} is in progress.`);
      }
      const done = await motoJson("TrentService.ListKeyRotations", { KeyId: key.KeyId }, headers);
      const count = ((done.json.Rotations as { RotationType?: string }[] | undefined) ?? []).filter((r) => r.RotationType === "ON_DEMAND").length;
      if (count >= MAX_ON_DEMAND_ROTATIONS) {
        // RotateKeyOnDemand: "You can perform on-demand key rotation a maximum of 25 times per KMS key."
        throw new Refusal("kms.rotation-limit", "LimitExceededException", `${key.KeyId} has had ${count} on-demand rotations.`);
      }
    }
  };

  /** Rewrites moto's answers where AWS differs (asynchronous rotation). */
  const kmsAnswer = (op: string, up: Upstream, keyId: string | undefined): Upstream => {
    if (up.status !== 200 || keyId === undefined) return up;
    if (op === "RotateKeyOnDemand") {
      // RotateKeyOnDemand: "You can use GetKeyRotationStatus to identify any in progress on-demand rotations. You can
      // use ListKeyRotations to identify the date that completed on-demand rotations were performed."
      rotating.set(keyId, new Date());
      hit("kms.rotation-async");
      return up;
    }
    const started = rotating.get(keyId);
    if (started === undefined) return up;
    const json = JSON.parse(up.body.toString("utf8")) as Record<string, unknown>;
    if (op === "GetKeyRotationStatus") json.OnDemandRotationStartDate = started.getTime() / 1000;
    if (op === "ListKeyRotations") {
      const rotations = (json.Rotations as { RotationType?: string }[] | undefined) ?? [];
      // moto records the rotation at once; the newest on-demand one is still running.
      const running = rotations.map((r) => r.RotationType).lastIndexOf("ON_DEMAND");
      json.Rotations = rotations.filter((_, i) => i !== running);
    }
    return { ...up, body: Buffer.from(JSON.stringify(json)) };
  };

  const keyUsable = (key: KeyMeta | undefined) => key !== undefined && key.KeyState === "Enabled";

  /** CloudWatch Logs rules; returns an emulated answer or undefined to forward to moto. */
  const logsRules = async (op: string, input: Record<string, unknown>, headers: IncomingMessage["headers"]): Promise<Record<string, unknown> | undefined> => {
    const group = typeof input.logGroupName === "string" ? input.logGroupName : undefined;
    if ((op === "AssociateKmsKey" || op === "CreateLogGroup") && typeof input.kmsKeyId === "string") {
      const key = await describe(input.kmsKeyId, headers);
      if (!keyUsable(key)) {
        // AssociateKmsKey / CreateLogGroup: "If you attempt to associate a KMS key with a log group but the KMS key
        // does not exist or the KMS key is disabled, you receive an InvalidParameterException error."
        throw new Refusal("logs.associate-key-state", "InvalidParameterException", `The KMS key ${input.kmsKeyId} does not exist or is not enabled.`);
      }
    }
    if (op === "AssociateKmsKey" && group !== undefined) {
      const found = await motoJson("Logs_20140328.DescribeLogGroups", { logGroupNamePrefix: group }, headers);
      const exists = ((found.json.logGroups as { logGroupName?: string }[] | undefined) ?? []).some((g) => g.logGroupName === group);
      if (!exists) {
        // AssociateKmsKey: "ResourceNotFoundException: The specified resource does not exist."
        throw new Refusal("logs.associate-missing-group", "ResourceNotFoundException", "The specified log group does not exist.");
      }
      // AssociateKmsKey: "Only the log events ingested after the key is associated are encrypted with that key. ...
      // This association is stored as long as the data encrypted with the KMS key is still within CloudWatch Logs."
      const keys = groupKeys.get(group) ?? [];
      if (keys[keys.length - 1] !== input.kmsKeyId) keys.push(String(input.kmsKeyId));
      groupKeys.set(group, keys);
      hit("logs.associate-emulated");
      return {};
    }
    if (op === "PutLogEvents") putLogEventsRules(input);
    if ((op === "FilterLogEvents" || op === "GetLogEvents") && group !== undefined) {
      for (const keyRef of groupKeys.get(group) ?? []) {
        const key = await describe(keyRef, headers);
        if (!keyUsable(key)) {
          // AssociateKmsKey: the association "enables CloudWatch Logs to decrypt this data whenever it is requested";
          // "If you delete the key that is used to encrypt log events ..., then all the associated stored log events
          // ... that were encrypted with that key will be unencryptable and unusable." A disabled key cannot decrypt
          // either (DisabledException). The API reference names no error code for this read; we answer AccessDenied.
          throw new Refusal("logs.read-needs-keys", "AccessDeniedException", `The KMS key ${keyRef} that encrypts events of ${group} is ${key?.KeyState ?? "missing"}.`);
        }
      }
    }
    return undefined;
  };

  const logsAnswer = (op: string, input: Record<string, unknown>, up: Upstream): Upstream => {
    if (up.status !== 200) return up;
    if (op === "CreateLogGroup" && typeof input.logGroupName === "string" && typeof input.kmsKeyId === "string") groupKeys.set(input.logGroupName, [input.kmsKeyId]);
    if (op !== "DescribeLogGroups") return up;
    const json = JSON.parse(up.body.toString("utf8")) as { logGroups?: { logGroupName?: string; kmsKeyId?: string }[] };
    for (const g of json.logGroups ?? []) {
      const keys = g.logGroupName === undefined ? undefined : groupKeys.get(g.logGroupName);
      if (keys !== undefined && keys.length > 0) g.kmsKeyId = keys[keys.length - 1];
    }
    return { ...up, body: Buffer.from(JSON.stringify(json)) };
  };

  const sendJson = (res: ServerResponse, status: number, body: unknown, errorType?: string) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/x-amz-json-1.1",
      "content-length": Buffer.byteLength(text),
      "x-amzn-requestid": "strict-aws",
      ...(errorType ? { "x-amzn-errortype": errorType } : {}),
    });
    res.end(text);
  };
  const relay = (res: ServerResponse, up: Upstream) => {
    const headers: Record<string, string | string[] | undefined> = { ...up.headers, "content-length": String(up.body.length) };
    delete headers["transfer-encoding"];
    res.writeHead(up.status, headers);
    res.end(up.body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const path = req.url ?? "/";
    const method = req.method ?? "GET";
    if (path.startsWith("/v2/email/")) {
      if (options.ses === undefined) return sendJson(res, 404, { message: "no SES v2 endpoint behind this strict layer" }, "NotFoundException");
      return relay(res, await forward(options.ses, method, path, req.headers, body));
    }
    const target = String(req.headers["x-amz-target"] ?? "");
    const [service, op = ""] = target.split(".");
    if (service !== "TrentService" && service !== "Logs_20140328") return relay(res, await forward(options.moto, method, path, req.headers, body));
    const input = body.length === 0 ? {} : (JSON.parse(body.toString("utf8")) as Record<string, unknown>);
    try {
      if (service === "TrentService") {
        await kmsRules(op, input, req.headers);
        const up = await forward(options.moto, method, path, req.headers, body);
        const keyRef = typeof input.KeyId === "string" ? input.KeyId : undefined;
        const keyId = keyRef === undefined ? undefined : (await describe(keyRef, req.headers))?.KeyId;
        return relay(res, kmsAnswer(op, up, keyId));
      }
      const emulated = await logsRules(op, input, req.headers);
      if (emulated !== undefined) return sendJson(res, 200, emulated);
      return relay(res, logsAnswer(op, input, await forward(options.moto, method, path, req.headers, body)));
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      hit(err.rule);
      return sendJson(res, err.status, { __type: err.type, message: err.message }, err.type);
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => sendJson(res, 500, { __type: "InternalFailure", message: String(err) }, "InternalFailure"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  ownHost = `127.0.0.1:${port}`;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    hits,
    completeRotations: () => rotating.clear(),
    keysOf: (group) => groupKeys.get(group) ?? [],
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** PutLogEvents: the constraints whose breach fails the whole call. */
function putLogEventsRules(input: Record<string, unknown>): void {
  const events = (input.logEvents as { timestamp?: number; message?: string }[] | undefined) ?? [];
  const refuse = (message: string) => new Refusal("logs.put-batch-limits", "InvalidParameterException", message);
  // PutLogEvents: "The maximum number of log events in a batch is 10,000."
  if (events.length > 10_000) throw refuse(`${events.length} log events in one batch; at most 10,000`);
  // PutLogEvents: "The maximum batch size is 1,048,576 bytes. This size is calculated as the sum of all event messages
  // in UTF-8, plus 26 bytes for each log event."
  const bytes = events.reduce((sum, e) => sum + Buffer.byteLength(e.message ?? "", "utf8") + 26, 0);
  if (bytes > 1_048_576) throw refuse(`the batch is ${bytes} bytes; at most 1,048,576`);
  // PutLogEvents: "A batch of log events in a single request must be in a chronological order. Otherwise, the operation fails."
  for (let i = 1; i < events.length; i++) {
    if ((events[i]!.timestamp ?? 0) < (events[i - 1]!.timestamp ?? 0)) throw refuse("Log events in a single PutLogEvents request must be in chronological order.");
  }
  // PutLogEvents: "the time span in a single batch cannot exceed 24 hours. Otherwise, the operation fails."
  if (events.length > 1 && (events[events.length - 1]!.timestamp ?? 0) - (events[0]!.timestamp ?? 0) > 24 * 3_600_000) {
    throw refuse("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
  }
}

/** Whether a key policy lets the account (its root principal, hence IAM policies) call kms:PutKeyPolicy. */
function allowsPutKeyPolicy(policy: string): boolean {
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(policy) as { Statement?: unknown };
  } catch {
    return false;
  }
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return statements.some((s: { Effect?: string; Principal?: { AWS?: unknown }; Action?: unknown; Condition?: unknown }) => {
    if (s?.Effect !== "Allow" || s.Condition !== undefined) return false;
    const principals = ([] as unknown[]).concat(s.Principal?.AWS ?? []);
    const actions = ([] as unknown[]).concat(s.Action ?? []);
    return principals.some((p) => typeof p === "string" && /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(p)) && actions.some((a) => a === "kms:*" || a === "kms:PutKeyPolicy");
  });
}
