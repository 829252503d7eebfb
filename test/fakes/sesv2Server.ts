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
  /** The operations the fake answers (its routes), each once. */
  readonly operations: readonly string[];
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
  /** Tenants and reputation entities (see tenantRoutes). */
  readonly tenants: FakeTenants;
  /** Live posture: puts an SES tenant with its tags, associated resource ARNs and sending status in a region. */
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

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly operation: string;
  readonly handle: Handler;
}

/** The account every ARN the fake makes belongs to (moto's default account). */
const ACCOUNT = "123456789012";

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

  const inRegion = (key: string, ctx: RequestContext) => {
    const r = regionOf.get(key);
    return r === undefined || ctx.region === undefined || r === ctx.region;
  };

  const getSet = (name: string) => {
    const set = sets.get(name);
    if (set === undefined) throw new AwsError("NotFoundException", 404, `Configuration set <${name}> does not exist.`);
    return set;
  };

  const tenants = tenantRoutes(sets, identities);
  const routes: Route[] = [
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
    ...tenants.routes,
    ...liveReadRoutes(),
  ];

  /** Live posture: read-only list routes the collectors need beyond the tenant routes. */
  function liveReadRoutes(): typeof routes {
    return [
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
    operations: [...new Set(routes.map((r) => r.operation))],
    requests,
    count: (operation) => requests.filter((r) => r.operation === operation).length,
    failNext(operation, times, error = { type: "TooManyRequestsException", status: 429, message: "Too many requests" }) {
      failures.set(operation, { times, error });
    },
    delayNext(operation, times, ms) {
      delays.set(operation, { times, ms });
    },
    configurationSet: (name) => sets.get(name),
    tenants: tenants.control,
    seedTenant: (t) => tenants.seed(t),
    reset() {
      sets.clear();
      identities.clear();
      regionOf.clear();
      tenants.reset();
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

// --- Tenants and reputation entities (SES v2 operations moto 5.2.1 lacks) -----------------------------------------
// Kept apart from the configuration-set and identity routes above so other additions merge without conflict.

export type FakeSendingStatus = "ENABLED" | "DISABLED" | "REINSTATED";

interface FakeTenant {
  readonly TenantName: string;
  readonly TenantId: string;
  readonly TenantArn: string;
  readonly CreatedTimestamp: number;
  readonly Tags: { Key: string; Value: string }[];
  readonly resources: Set<string>;
}

interface EntityStatus {
  customer: FakeSendingStatus;
  ses: FakeSendingStatus;
  updatedAt: number;
}

/** Test controls over tenants and reputation entities. */
export interface FakeTenants {
  /** A stored tenant by name. */
  get(name: string): { arn: string; resources: readonly string[] } | undefined;
  /** The customer-managed status of a reputation entity (a resource ARN), if it is known. */
  customerStatus(arn: string): FakeSendingStatus | undefined;
  /** Sets what SES itself decided for an entity (the AWS-managed status overrides ours when it disables). */
  setSesManagedStatus(arn: string, status: FakeSendingStatus): void;
}

/**
 * SES v2 tenants (CreateTenant, GetTenant, ListTenants, CreateTenantResourceAssociation, ListTenantResources) and
 * reputation entities (GetReputationEntity, UpdateReputationEntityCustomerManagedStatus) as the API reference
 * describes them: a tenant, configuration set or identity is a reputation entity of type RESOURCE referenced by its
 * ARN; "If Amazon SES has disabled the entity, it will not be allowed to send regardless of the customer-managed
 * status setting" (UpdateReputationEntityCustomerManagedStatus), so the aggregate is DISABLED if either is.
 */
function tenantRoutes(sets: ReadonlyMap<string, unknown>, identities: ReadonlyMap<string, unknown>): { routes: Route[]; control: FakeTenants; reset(): void; seed(t: FakeTenantSeed): void } {
  const tenants = new Map<string, FakeTenant>();
  const statuses = new Map<string, EntityStatus>();
  let counter = 0;
  const regionOfArn = (arn: string) => arn.split(":")[3];
  const getTenant = (name: unknown, ctx: RequestContext = {}) => {
    const found = typeof name === "string" ? tenants.get(name) : undefined;
    const t = found !== undefined && (ctx.region === undefined || regionOfArn(found.TenantArn) === ctx.region) ? found : undefined;
    if (t === undefined) throw new AwsError("NotFoundException", 404, `Tenant ${String(name)} does not exist.`);
    return t;
  };
  const aggregate = (s: EntityStatus): FakeSendingStatus => (s.customer === "DISABLED" || s.ses === "DISABLED" ? "DISABLED" : s.customer === "REINSTATED" ? "REINSTATED" : s.ses);
  const tenantView = (t: FakeTenant) => ({
    TenantName: t.TenantName,
    TenantId: t.TenantId,
    TenantArn: t.TenantArn,
    CreatedTimestamp: t.CreatedTimestamp,
    Tags: t.Tags,
    SendingStatus: aggregate(statuses.get(t.TenantArn)!),
  });
  /** A resource ARN the account has: a tenant, configuration set or identity. */
  const knownResource = (arn: string): boolean => {
    if (statuses.has(arn)) return true;
    const m = /^arn:aws:ses:[a-z0-9-]+:\d{12}:(configuration-set|identity)\/(.+)$/.exec(arn);
    return m !== null && (m[1] === "configuration-set" ? sets.has(m[2]!) : identities.has(m[2]!));
  };
  const statusOf = (arn: string): EntityStatus => {
    let s = statuses.get(arn);
    if (s === undefined) {
      if (!knownResource(arn)) throw new AwsError("NotFoundException", 404, `Reputation entity ${arn} does not exist.`);
      s = { customer: "ENABLED", ses: "ENABLED", updatedAt: Date.now() / 1000 };
      statuses.set(arn, s);
    }
    return s;
  };
  const STATUSES = ["ENABLED", "DISABLED", "REINSTATED"];
  const routes: Route[] = [
    {
      method: "POST",
      pattern: /^\/v2\/email\/tenants$/,
      operation: "CreateTenant",
      handle: (_p, body, ctx) => {
        const region = ctx.region ?? "us-east-1";
        const name = body.TenantName;
        if (typeof name !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new AwsError("BadRequestException", 400, "Invalid tenant name.");
        if (tenants.has(name)) throw new AwsError("AlreadyExistsException", 400, `Tenant ${name} already exists.`);
        const id = `tn-${(++counter).toString(16).padStart(12, "0")}`;
        const t: FakeTenant = {
          TenantName: name,
          TenantId: id,
          TenantArn: `arn:aws:ses:${region}:${ACCOUNT}:tenant/${name}/${id}`,
          CreatedTimestamp: Math.floor(Date.now() / 1000),
          Tags: (body.Tags as FakeTenant["Tags"] | undefined) ?? [],
          resources: new Set(),
        };
        tenants.set(name, t);
        statuses.set(t.TenantArn, { customer: "ENABLED", ses: "ENABLED", updatedAt: t.CreatedTimestamp });
        return tenantView(t);
      },
    },
    { method: "POST", pattern: /^\/v2\/email\/tenants\/get$/, operation: "GetTenant", handle: (_p, body, ctx) => ({ Tenant: tenantView(getTenant(body.TenantName, ctx)) }) },
    {
      method: "POST",
      pattern: /^\/v2\/email\/tenants\/list$/,
      operation: "ListTenants",
      handle: (_p, body, ctx) =>
        page(
          [...tenants.values()]
            .filter((t) => ctx.region === undefined || regionOfArn(t.TenantArn) === ctx.region)
            .sort((a, b) => a.TenantName.localeCompare(b.TenantName))
            .map((t) => ({ TenantName: t.TenantName, TenantId: t.TenantId, TenantArn: t.TenantArn, CreatedTimestamp: t.CreatedTimestamp })),
          body,
          100,
          "Tenants",
        ),
    },
    {
      method: "POST",
      pattern: /^\/v2\/email\/tenants\/resources$/,
      operation: "CreateTenantResourceAssociation",
      handle: (_p, body) => {
        const t = getTenant(body.TenantName);
        const arn = String(body.ResourceArn ?? "");
        if ([...tenants.values()].some((x) => x.TenantArn === arn) || !knownResource(arn)) {
          throw new AwsError("NotFoundException", 404, `Resource ${arn} does not exist.`);
        }
        if (t.resources.has(arn)) throw new AwsError("AlreadyExistsException", 400, `Resource ${arn} is already associated with tenant ${t.TenantName}.`);
        t.resources.add(arn);
        return {};
      },
    },
    {
      method: "POST",
      pattern: /^\/v2\/email\/tenants\/resources\/list$/,
      operation: "ListTenantResources",
      handle: (_p, body, ctx) =>
        page(
          [...getTenant(body.TenantName, ctx).resources].sort().map((arn) => ({ ResourceType: arn.includes(":configuration-set/") ? "CONFIGURATION_SET" : arn.includes(":identity/") ? "EMAIL_IDENTITY" : "EMAIL_TEMPLATE", ResourceArn: arn })),
          body,
          100,
          "TenantResources",
        ),
    },
    {
      method: "GET",
      pattern: /^\/v2\/email\/reputation\/entities\/([^/]+)\/([^/]+)$/,
      operation: "GetReputationEntity",
      handle: ([type, arn]) => {
        if (type !== "RESOURCE") throw new AwsError("BadRequestException", 400, `Invalid ReputationEntityType ${type}.`);
        const s = statusOf(arn!);
        return {
          ReputationEntity: {
            ReputationEntityReference: arn,
            ReputationEntityType: "RESOURCE",
            ReputationManagementPolicy: `arn:aws:ses:::reputation-policy/standard`,
            CustomerManagedStatus: { Status: s.customer, LastUpdatedTimestamp: s.updatedAt },
            AwsSesManagedStatus: { Status: s.ses, LastUpdatedTimestamp: s.updatedAt },
            SendingStatusAggregate: aggregate(s),
            ReputationImpact: "LOW",
          },
        };
      },
    },
    {
      method: "PUT",
      pattern: /^\/v2\/email\/reputation\/entities\/([^/]+)\/([^/]+)\/customer-managed-status$/,
      operation: "UpdateReputationEntityCustomerManagedStatus",
      handle: ([type, arn], body) => {
        if (type !== "RESOURCE") throw new AwsError("BadRequestException", 400, `Invalid ReputationEntityType ${type}.`);
        if (!STATUSES.includes(String(body.SendingStatus))) throw new AwsError("BadRequestException", 400, `Invalid SendingStatus ${String(body.SendingStatus)}.`);
        // The operation documents no NotFoundException (BadRequest, Conflict, TooManyRequests): an unknown entity is bad input.
        if (!knownResource(arn!)) throw new AwsError("BadRequestException", 400, `Reputation entity ${arn!} is not a resource of this account.`);
        const s = statusOf(arn!);
        s.customer = body.SendingStatus as FakeSendingStatus;
        s.updatedAt = Date.now() / 1000;
        return {};
      },
    },
  ];
  return {
    routes,
    control: {
      get: (name) => {
        const t = tenants.get(name);
        return t === undefined ? undefined : { arn: t.TenantArn, resources: [...t.resources] };
      },
      customerStatus: (arn) => statuses.get(arn)?.customer,
      setSesManagedStatus: (arn, status) => {
        statusOf(arn).ses = status;
      },
    },
    reset() {
      tenants.clear();
      statuses.clear();
    },
    seed(t) {
      const id = `tn-${(++counter).toString(16).padStart(12, "0")}`;
      const arn = `arn:aws:ses:${t.region}:${ACCOUNT}:tenant/${t.name}/${id}`;
      const created = new Date("2026-11-01T00:00:00Z").getTime() / 1000;
      tenants.set(t.name, { TenantName: t.name, TenantId: id, TenantArn: arn, CreatedTimestamp: created, Tags: Object.entries(t.tags ?? {}).map(([Key, Value]) => ({ Key, Value })), resources: new Set(t.resources ?? []) });
      statuses.set(arn, { customer: t.sendingStatus ?? "ENABLED", ses: "ENABLED", updatedAt: created });
    },
  };
}
