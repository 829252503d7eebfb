import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small protocol-level fake of the SES v2 REST JSON API, for the operations moto lacks (PutConfigurationSetSendingOptions
 * among them). It speaks HTTP like SES: JSON bodies, errors as `x-amzn-ErrorType` + `{"message"}` with AWS's status
 * codes. It keeps state in memory, counts requests per operation, and can fail the next requests on purpose.
 * Checked against moto on the operations both support (test/fakes/sesv2Server.test.ts).
 */
export interface FakeSesV2 {
  readonly endpoint: string;
  /** Every request served, in order. */
  readonly requests: readonly { readonly operation: string; readonly method: string; readonly path: string; readonly body: unknown }[];
  /** Requests served for one operation (failed ones included). */
  count(operation: string): number;
  /** Makes the next `times` requests of `operation` fail with this error (default: throttling, 429). */
  failNext(operation: string, times: number, error?: { type: string; status: number; message?: string }): void;
  /** Delays the answers to the next `times` requests of `operation` by `ms` (the change itself is made at once). */
  delayNext(operation: string, times: number, ms: number): void;
  /** The stored configuration sets (as GetConfigurationSet returns them). */
  configurationSet(name: string): ConfigurationSet | undefined;
  reset(): void;
  stop(): Promise<void>;
}

interface ConfigurationSet {
  ConfigurationSetName: string;
  TrackingOptions?: unknown;
  DeliveryOptions?: { TlsPolicy?: string; SendingPoolName?: string };
  ReputationOptions?: { ReputationMetricsEnabled?: boolean };
  SendingOptions: { SendingEnabled: boolean };
  SuppressionOptions?: { SuppressedReasons?: string[] };
  Tags: { Key: string; Value: string }[];
}

interface Identity {
  IdentityType: "DOMAIN" | "EMAIL_ADDRESS";
  VerifiedForSendingStatus: boolean;
  ConfigurationSetName?: string;
}

class AwsError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Handler = (params: string[], body: Record<string, unknown>) => unknown;

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

export async function startFakeSesV2(): Promise<FakeSesV2> {
  const sets = new Map<string, ConfigurationSet>();
  const identities = new Map<string, Identity>();
  const requests: { operation: string; method: string; path: string; body: unknown }[] = [];
  const failures = new Map<string, { times: number; error: { type: string; status: number; message?: string } }>();
  const delays = new Map<string, { times: number; ms: number }>();

  const getSet = (name: string) => {
    const set = sets.get(name);
    if (set === undefined) throw new AwsError("NotFoundException", 404, `Configuration set <${name}> does not exist.`);
    return set;
  };

  const routes: { method: string; pattern: RegExp; operation: string; handle: Handler }[] = [
    {
      method: "POST",
      pattern: /^\/v2\/email\/configuration-sets$/,
      operation: "CreateConfigurationSet",
      handle: (_p, body) => {
        const name = body.ConfigurationSetName;
        if (typeof name !== "string" || !NAME.test(name)) throw new AwsError("BadRequestException", 400, "Invalid configuration set name.");
        if (sets.has(name)) throw new AwsError("AlreadyExistsException", 400, `Configuration set <${name}> already exists`);
        const sending = body.SendingOptions as { SendingEnabled?: boolean } | undefined;
        sets.set(name, {
          ConfigurationSetName: name,
          ...(body.TrackingOptions ? { TrackingOptions: body.TrackingOptions } : {}),
          ...(body.DeliveryOptions ? { DeliveryOptions: body.DeliveryOptions as ConfigurationSet["DeliveryOptions"] } : {}),
          ...(body.ReputationOptions ? { ReputationOptions: body.ReputationOptions as ConfigurationSet["ReputationOptions"] } : {}),
          SendingOptions: { SendingEnabled: sending?.SendingEnabled ?? true },
          ...(body.SuppressionOptions ? { SuppressionOptions: body.SuppressionOptions as ConfigurationSet["SuppressionOptions"] } : {}),
          Tags: (body.Tags as ConfigurationSet["Tags"] | undefined) ?? [],
        });
        return {};
      },
    },
    {
      // The current SDK lists with POST /v2/email/list-configuration-sets; older ones with GET /v2/email/configuration-sets.
      method: "POST",
      pattern: /^\/v2\/email\/list-configuration-sets$/,
      operation: "ListConfigurationSets",
      handle: () => ({ ConfigurationSets: [...sets.keys()].sort() }),
    },
    {
      method: "GET",
      pattern: /^\/v2\/email\/configuration-sets$/,
      operation: "ListConfigurationSets",
      handle: () => ({ ConfigurationSets: [...sets.keys()].sort() }),
    },
    {
      method: "GET",
      pattern: /^\/v2\/email\/configuration-sets\/([^/]+)$/,
      operation: "GetConfigurationSet",
      handle: ([name]) => getSet(name!),
    },
    {
      method: "DELETE",
      pattern: /^\/v2\/email\/configuration-sets\/([^/]+)$/,
      operation: "DeleteConfigurationSet",
      handle: ([name]) => {
        getSet(name!);
        sets.delete(name!);
        return {};
      },
    },
    {
      method: "PUT",
      pattern: /^\/v2\/email\/configuration-sets\/([^/]+)\/sending$/,
      operation: "PutConfigurationSetSendingOptions",
      handle: ([name], body) => {
        const set = getSet(name!);
        // SendingEnabled is optional in the API; absent means false (the SDK omits false only if the caller does).
        set.SendingOptions = { SendingEnabled: body.SendingEnabled === true };
        return {};
      },
    },
    {
      method: "PUT",
      pattern: /^\/v2\/email\/configuration-sets\/([^/]+)\/delivery-options$/,
      operation: "PutConfigurationSetDeliveryOptions",
      handle: ([name], body) => {
        const set = getSet(name!);
        set.DeliveryOptions = { ...(body.TlsPolicy ? { TlsPolicy: String(body.TlsPolicy) } : {}), ...(body.SendingPoolName ? { SendingPoolName: String(body.SendingPoolName) } : {}) };
        return {};
      },
    },
    {
      method: "POST",
      pattern: /^\/v2\/email\/identities$/,
      operation: "CreateEmailIdentity",
      handle: (_p, body) => {
        const id = body.EmailIdentity;
        if (typeof id !== "string" || id === "") throw new AwsError("BadRequestException", 400, "EmailIdentity is required.");
        if (identities.has(id)) throw new AwsError("AlreadyExistsException", 400, `Email identity <${id}> already exists`);
        const type = id.includes("@") ? "EMAIL_ADDRESS" : "DOMAIN";
        identities.set(id, { IdentityType: type, VerifiedForSendingStatus: false, ...(typeof body.ConfigurationSetName === "string" ? { ConfigurationSetName: body.ConfigurationSetName } : {}) });
        return {
          IdentityType: type,
          VerifiedForSendingStatus: false,
          DkimAttributes: { SigningEnabled: false, Status: "NOT_STARTED", SigningAttributesOrigin: "AWS_SES", NextSigningKeyLength: "RSA_1024_BIT" },
        };
      },
    },
    {
      method: "GET",
      pattern: /^\/v2\/email\/identities\/([^/]+)$/,
      operation: "GetEmailIdentity",
      handle: ([id]) => {
        const identity = identities.get(id!);
        if (identity === undefined) throw new AwsError("NotFoundException", 404, id!);
        return {
          IdentityType: identity.IdentityType,
          FeedbackForwardingStatus: false,
          VerifiedForSendingStatus: identity.VerifiedForSendingStatus,
          DkimAttributes: { SigningEnabled: false, Status: "NOT_STARTED", SigningAttributesOrigin: "AWS_SES", NextSigningKeyLength: "RSA_1024_BIT" },
          Policies: {},
          VerificationStatus: "PENDING",
          ...(identity.ConfigurationSetName ? { ConfigurationSetName: identity.ConfigurationSetName } : {}),
        };
      },
    },
  ];

  const send = (res: ServerResponse, status: number, body: unknown, errorType?: string) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      "x-amzn-requestid": `fake-${requests.length}`,
      ...(errorType ? { "x-amzn-errortype": errorType } : {}),
    });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname;
    const method = req.method ?? "GET";
    let body: Record<string, unknown> = {};
    try {
      body = raw === "" ? {} : (JSON.parse(raw) as Record<string, unknown>);
    } catch {
      send(res, 400, { message: "body is not JSON" }, "BadRequestException");
      return;
    }
    for (const route of routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(path);
      if (!m) continue;
      requests.push({ operation: route.operation, method, path, body });
      const failure = failures.get(route.operation);
      if (failure && failure.times > 0) {
        failure.times--;
        send(res, failure.error.status, { message: failure.error.message ?? "Rate exceeded" }, failure.error.type);
        return;
      }
      try {
        const params = m.slice(1).map((p) => decodeURIComponent(p));
        const answer = route.handle(params, body);
        const delay = delays.get(route.operation);
        if (delay && delay.times > 0) {
          delay.times--;
          await new Promise((r) => setTimeout(r, delay.ms));
          if (res.destroyed || req.destroyed) return;
        }
        send(res, 200, answer);
      } catch (err) {
        if (err instanceof AwsError) send(res, err.status, { message: err.message }, err.type);
        else send(res, 500, { message: String(err) }, "InternalFailure");
      }
      return;
    }
    requests.push({ operation: "Unknown", method, path, body });
    send(res, 404, { message: `no route for ${method} ${path}` }, "NotFoundException");
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { message: String(err) }, "InternalFailure"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    count: (operation) => requests.filter((r) => r.operation === operation).length,
    failNext(operation, times, error = { type: "TooManyRequestsException", status: 429, message: "Too many requests" }) {
      failures.set(operation, { times, error });
    },
    delayNext(operation, times, ms) {
      delays.set(operation, { times, ms });
    },
    configurationSet: (name) => sets.get(name),
    reset() {
      sets.clear();
      identities.clear();
      requests.length = 0;
      failures.clear();
      delays.clear();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
