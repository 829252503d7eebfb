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
  /** Live posture (read-only routes below): puts an SES tenant with its tags and associated resource ARNs in a region. */
  seedTenant(tenant: FakeTenantSeed): void;
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
  Tags?: { Key: string; Value: string }[];
  NextSigningKeyLength?: string;
}

/** An SES tenant as the live-posture routes serve it. */
export interface FakeTenantSeed {
  readonly region: string;
  readonly name: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** ARNs of associated configuration sets and identities. */
  readonly resources?: readonly string[];
  readonly sendingStatus?: "ENABLED" | "DISABLED" | "REINSTATED";
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

/** The request's region, from its SigV4 credential scope (SES is regional; the fake keeps resources per region). */
interface RequestContext {
  readonly region?: string;
}

type Handler = (params: string[], body: Record<string, unknown>, ctx: RequestContext) => unknown;

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** A page of a list (NextToken: the offset, opaque to clients); PageSize outside 1..max and unknown tokens are BadRequest. */
function page<T>(items: readonly T[], body: Record<string, unknown>, max: number, key: string): Record<string, unknown> {
  const size = body.PageSize === undefined ? max : body.PageSize;
  if (typeof size !== "number" || !Number.isInteger(size) || size < 1 || size > max) throw new AwsError("BadRequestException", 400, `PageSize must be between 1 and ${max}.`);
  let start = 0;
  if (body.NextToken !== undefined) {
    const m = /^page-(\d+)$/.exec(String(body.NextToken));
    if (m === null || Number(m[1]) > items.length) throw new AwsError("BadRequestException", 400, "Invalid NextToken.");
    start = Number(m[1]);
  }
  const end = start + size;
  return { [key]: items.slice(start, end), ...(end < items.length ? { NextToken: `page-${end}` } : {}) };
}

export async function startFakeSesV2(): Promise<FakeSesV2> {
  const sets = new Map<string, ConfigurationSet>();
  const identities = new Map<string, Identity>();
  const requests: { operation: string; method: string; path: string; body: unknown }[] = [];
  const failures = new Map<string, { times: number; error: { type: string; status: number; message?: string } }>();
  const delays = new Map<string, { times: number; ms: number }>();
  /** Region each configuration set and identity was created in (absent: visible in every region). */
  const regionOf = new Map<string, string>();
  const tenants = new Map<string, FakeTenantSeed & { id: string }>();

  const inRegion = (key: string, ctx: RequestContext) => {
    const r = regionOf.get(key);
    return r === undefined || ctx.region === undefined || r === ctx.region;
  };

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
      handle: (_p, body, ctx) => {
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
        if (ctx.region !== undefined) regionOf.set(`set:${name}`, ctx.region);
        return {};
      },
    },
    {
      // The current SDK lists with POST /v2/email/list-configuration-sets; older ones with GET /v2/email/configuration-sets.
      method: "POST",
      pattern: /^\/v2\/email\/list-configuration-sets$/,
      operation: "ListConfigurationSets",
      handle: (_p, body, ctx) => page([...sets.keys()].filter((n) => inRegion(`set:${n}`, ctx)).sort(), body, 1000, "ConfigurationSets"),
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
      handle: ([name], _b, ctx) => {
        if (!inRegion(`set:${name!}`, ctx)) throw new AwsError("NotFoundException", 404, `Configuration set <${name!}> does not exist.`);
        return getSet(name!);
      },
    },
    {
      method: "DELETE",
      pattern: /^\/v2\/email\/configuration-sets\/([^/]+)$/,
      operation: "DeleteConfigurationSet",
      handle: ([name]) => {
        getSet(name!);
        sets.delete(name!);
        regionOf.delete(`set:${name!}`);
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
      handle: (_p, body, ctx) => {
        const id = body.EmailIdentity;
        if (typeof id !== "string" || id === "") throw new AwsError("BadRequestException", 400, "EmailIdentity is required.");
        if (identities.has(id)) throw new AwsError("AlreadyExistsException", 400, `Email identity <${id}> already exists`);
        const type = id.includes("@") ? "EMAIL_ADDRESS" : "DOMAIN";
        const dkim = body.DkimSigningAttributes as { NextSigningKeyLength?: unknown } | undefined;
        identities.set(id, {
          IdentityType: type,
          VerifiedForSendingStatus: false,
          ...(typeof body.ConfigurationSetName === "string" ? { ConfigurationSetName: body.ConfigurationSetName } : {}),
          ...(Array.isArray(body.Tags) ? { Tags: body.Tags as Identity["Tags"] } : {}),
          ...(typeof dkim?.NextSigningKeyLength === "string" ? { NextSigningKeyLength: dkim.NextSigningKeyLength } : {}),
        });
        if (ctx.region !== undefined) regionOf.set(`identity:${id}`, ctx.region);
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
      handle: ([id], _b, ctx) => {
        const identity = inRegion(`identity:${id!}`, ctx) ? identities.get(id!) : undefined;
        if (identity === undefined) throw new AwsError("NotFoundException", 404, id!);
        return {
          IdentityType: identity.IdentityType,
          FeedbackForwardingStatus: false,
          VerifiedForSendingStatus: identity.VerifiedForSendingStatus,
          DkimAttributes: { SigningEnabled: false, Status: "NOT_STARTED", SigningAttributesOrigin: "AWS_SES", NextSigningKeyLength: identity.NextSigningKeyLength ?? "RSA_1024_BIT" },
          Policies: {},
          VerificationStatus: "PENDING",
          ...(identity.ConfigurationSetName ? { ConfigurationSetName: identity.ConfigurationSetName } : {}),
          ...(identity.Tags ? { Tags: identity.Tags } : {}),
        };
      },
    },
    ...liveReadRoutes(),
  ];

  /** Live posture: read-only list/get routes for SES tenants and identities (the collectors' reads). */
  function liveReadRoutes(): typeof routes {
    const tenantIn = (name: unknown, ctx: RequestContext) => {
      if (typeof name !== "string" || name === "") throw new AwsError("BadRequestException", 400, "TenantName is required.");
      const t = tenants.get(`${ctx.region ?? ""}|${name}`);
      if (t === undefined) throw new AwsError("NotFoundException", 404, `Tenant <${name}> does not exist.`);
      return t;
    };
    const arnOf = (t: FakeTenantSeed & { id: string }) => `arn:aws:ses:${t.region}:123456789012:tenant/${t.name}/${t.id}`;
    const created = new Date("2026-11-01T00:00:00Z").getTime() / 1000;
    return [
      {
        method: "POST",
        pattern: /^\/v2\/email\/tenants\/list$/,
        operation: "ListTenants",
        handle: (_p, body, ctx) =>
          page(
            [...tenants.values()].filter((t) => t.region === ctx.region).sort((a, b) => (a.name < b.name ? -1 : 1)).map((t) => ({ TenantName: t.name, TenantId: t.id, TenantArn: arnOf(t), CreatedTimestamp: created })),
            body,
            100,
            "Tenants",
          ),
      },
      {
        method: "POST",
        pattern: /^\/v2\/email\/tenants\/get$/,
        operation: "GetTenant",
        handle: (_p, body, ctx) => {
          const t = tenantIn(body.TenantName, ctx);
          return {
            Tenant: {
              TenantName: t.name,
              TenantId: t.id,
              TenantArn: arnOf(t),
              CreatedTimestamp: created,
              Tags: Object.entries(t.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
              SendingStatus: t.sendingStatus ?? "ENABLED",
            },
          };
        },
      },
      {
        method: "POST",
        pattern: /^\/v2\/email\/tenants\/resources\/list$/,
        operation: "ListTenantResources",
        handle: (_p, body, ctx) => {
          const t = tenantIn(body.TenantName, ctx);
          const type = (arn: string) => (arn.includes(":configuration-set/") ? "CONFIGURATION_SET" : arn.includes(":identity/") ? "EMAIL_IDENTITY" : "EMAIL_TEMPLATE");
          return page((t.resources ?? []).map((arn) => ({ ResourceType: type(arn), ResourceArn: arn })), body, 100, "TenantResources");
        },
      },
      {
        method: "POST",
        pattern: /^\/v2\/email\/list-identities$/,
        operation: "ListEmailIdentities",
        handle: (_p, body, ctx) =>
          page(
            [...identities.entries()]
              .filter(([id]) => inRegion(`identity:${id}`, ctx))
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([id, i]) => ({ IdentityType: i.IdentityType, IdentityName: id, SendingEnabled: true, VerificationStatus: "PENDING" })),
            body,
            1000,
            "EmailIdentities",
          ),
      },
    ];
  }

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
        const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization ?? ""))?.[1];
        const answer = route.handle(params, body, region === undefined ? {} : { region });
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
    seedTenant(t) {
      tenants.set(`${t.region}|${t.name}`, { ...t, id: `t-${tenants.size + 1}` });
    },
    reset() {
      sets.clear();
      identities.clear();
      regionOf.clear();
      tenants.clear();
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
