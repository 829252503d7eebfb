import { z } from "zod";
import { platformNames, tenantNames } from "../tenants/names";
import { TENANT_ID_PATTERN } from "../tenants/schema";
import { unquotedHyphenTerm } from "./filterPattern";
import { KEY_ACTION_NAMES, KEY_ACTION_SPECS } from "./keyActions";
import { TENANT_SENDING_ACTION_NAMES, TENANT_SENDING_ACTION_SPECS } from "./tenantSendingActions";

/** Every action a runbook step may name. */
export const ACTION_NAMES = [
  "manual",
  "approve",
  "wait",
  "aws.ses.pauseSending",
  "aws.ses.resumeSending",
  "aws.ses.describe",
  "aws.kms.disableKey",
  "aws.kms.enableKey",
  "aws.kms.rotateKeyOnDemand",
  "aws.kms.describeKey",
  "aws.logs.search",
  "audit.record",
  "notify.draft",
  ...TENANT_SENDING_ACTION_NAMES,
  ...KEY_ACTION_NAMES,
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** human: a person confirms it; aws: calls AWS (dry-run by default); local: no AWS call, writes only under the incident folder (tenant.recordKeyReplacement: the tenant file); never in a dry run. */
export type ActionKind = "human" | "aws" | "local";

/** One AWS API call, exactly as the adapter will make it (what dry-run shows and the journal records). */
export interface ApiCall {
  readonly service: "sesv2" | "kms" | "logs" | "sns";
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

/** Read-only actions a `wait` may poll for a state. */
export const WAIT_READ_ACTIONS = ["aws.ses.describe", "aws.ses.describeTenant", "aws.kms.describeKey", "aws.logs.search"] as const;

/** `15m`, `2h`, `7d`: a duration in minutes, hours or days. */
export const DURATION_PATTERN = /^(\d{1,5})(m|h|d)$/;

export function durationMs(text: string): number {
  const m = DURATION_PATTERN.exec(text);
  if (!m) throw new RangeError(`not a duration: ${text}`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "m" | "h" | "d"];
  return Number(m[1]) * unit;
}

/** At most this many on-demand rotations per KMS key (RotateKeyOnDemand: "a maximum of 25 times per KMS key"). */
export const MAX_ON_DEMAND_ROTATIONS = 25;

const tenantId = z.string().regex(TENANT_ID_PATTERN, { error: "expected a tenant id, got {value}" }).describe("the tenant id");
const keyRef = z
  .string()
  .regex(/^(alias\/[A-Za-z0-9/_-]{1,250}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/, {
    error: "expected a KMS key id or alias/… name (not an ARN), got {value}",
  })
  .describe("a KMS key id or alias name, e.g. {{ tenant.names.kmsAlias }}");
const isoTime = z.iso.datetime({ offset: true, error: "expected an ISO 8601 time, got {value}" });
const duration = z.string().regex(DURATION_PATTERN, { error: "expected a duration such as 15m, 2h or 7d, got {value}" });

export interface ActionSpec {
  readonly name: ActionName;
  readonly kind: ActionKind;
  readonly summary: string;
  /** The inputs after interpolation. */
  readonly inputs: z.ZodObject;
  /** Names a later step may reference as `{{ steps.<id>.outputs.<name> }}`. */
  readonly outputs: readonly string[];
  /** Safe to perform twice (the second time changes nothing). Non-idempotent actions are never retried without a human. */
  readonly idempotent: boolean;
  /** Needs approval even with --execute. */
  readonly irreversible: boolean;
  /** The API calls the action makes for these inputs (aws actions only). */
  readonly calls?: (inputs: Record<string, unknown>) => ApiCall[];
}

const sendingCall = (enabled: boolean) => (i: Record<string, unknown>) => [
  {
    service: "sesv2" as const,
    operation: "PutConfigurationSetSendingOptions",
    input: { ConfigurationSetName: tenantNames(String(i.tenant)).configurationSet, SendingEnabled: enabled },
  },
  { service: "sesv2" as const, operation: "GetConfigurationSet", input: { ConfigurationSetName: tenantNames(String(i.tenant)).configurationSet } },
];

/** Alias names are resolved to a key id first: KMS state changes are made by key id. */
const keyCalls = (operation: string) => (i: Record<string, unknown>) => {
  const key = String(i.key);
  const resolve = key.startsWith("alias/") ? [{ service: "kms" as const, operation: "DescribeKey", input: { KeyId: key } }] : [];
  const id = key.startsWith("alias/") ? `<KeyId of ${key}>` : key;
  return [...resolve, ...(operation === "DescribeKey" && resolve.length > 0 ? [] : [{ service: "kms" as const, operation, input: { KeyId: id } }])];
};

const SPECS: readonly ActionSpec[] = [
  {
    name: "manual",
    kind: "human",
    summary: "a checklist item a person confirms with a note",
    inputs: z.strictObject({ instructions: z.string().min(1).describe("what to do and what to note") }),
    outputs: ["note", "by"],
    idempotent: true,
    irreversible: false,
  },
  {
    name: "approve",
    kind: "human",
    summary: "a go/no-go gate: someone other than the requester approves",
    inputs: z.strictObject({ request: z.string().min(1).describe("what is being approved") }),
    outputs: ["approvedBy"],
    idempotent: true,
    irreversible: false,
  },
  {
    name: "wait",
    kind: "local",
    summary:
      "waits until a state holds (`state`: a read action and the outputs expected), a time (`until`) or for a duration (`for`); with `state`, `until`/`for` is when to give up. The run stops and resumes later",
    inputs: z
      .strictObject({
        until: isoTime.optional().describe("an ISO 8601 time"),
        for: duration.optional().describe("a duration from when the step is reached: 15m, 2h, 7d"),
        state: z
          .strictObject({
            action: z.enum(WAIT_READ_ACTIONS).describe(`the read that shows the state: ${WAIT_READ_ACTIONS.join(", ")}`),
            inputs: z.record(z.string(), z.unknown()).default({}).describe("the read action's inputs"),
            expect: z.record(z.string(), z.unknown()).describe("the read's outputs that must hold (output name: value)"),
          })
          .optional()
          .describe("wait until this state holds"),
        pollSeconds: z.number().int().min(1).max(3600).default(30).describe("seconds between checks of the state within one run"),
      })
      .refine((i) => i.until === undefined || i.for === undefined, { error: "expected at most one of until or for" })
      .refine((i) => i.until !== undefined || i.for !== undefined || i.state !== undefined, { error: "expected state, until or for" }),
    outputs: ["reachedAt", "observed"],
    idempotent: true,
    irreversible: false,
    calls: (i) => {
      const state = i.state as { action?: ActionName; inputs?: Record<string, unknown> } | undefined;
      const read = state?.action === undefined ? undefined : specsByName().get(state.action);
      return read?.calls ? read.calls(state?.inputs ?? {}) : [];
    },
  },
  {
    name: "aws.ses.pauseSending",
    kind: "aws",
    summary:
      "stops sending on the tenant's configuration set only (PutConfigurationSetSendingOptions SendingEnabled=false); mail the tenant sends with another configuration set or none still goes out — to stop all of it, aws.ses.pauseTenant",
    inputs: z.strictObject({ tenant: tenantId }),
    outputs: ["configurationSet", "sendingEnabled"],
    idempotent: true,
    irreversible: false,
    calls: sendingCall(false),
  },
  {
    name: "aws.ses.resumeSending",
    kind: "aws",
    summary: "resumes sending on the tenant's configuration set (PutConfigurationSetSendingOptions SendingEnabled=true)",
    inputs: z.strictObject({ tenant: tenantId }),
    outputs: ["configurationSet", "sendingEnabled"],
    idempotent: true,
    irreversible: false,
    calls: sendingCall(true),
  },
  {
    name: "aws.ses.describe",
    kind: "aws",
    summary: "reads the tenant's configuration set (GetConfigurationSet)",
    inputs: z.strictObject({ tenant: tenantId }),
    outputs: ["configurationSet", "sendingEnabled", "tlsPolicy", "suppressedReasons"],
    idempotent: true,
    irreversible: false,
    calls: (i) => [{ service: "sesv2", operation: "GetConfigurationSet", input: { ConfigurationSetName: tenantNames(String(i.tenant)).configurationSet } }],
  },
  {
    name: "aws.kms.disableKey",
    kind: "aws",
    summary: "disables a KMS key (DisableKey): everything encrypted under it becomes unreadable until it is enabled",
    inputs: z.strictObject({ key: keyRef }),
    outputs: ["keyId", "keyState"],
    idempotent: true,
    irreversible: true,
    calls: keyCalls("DisableKey"),
  },
  {
    name: "aws.kms.enableKey",
    kind: "aws",
    summary: "enables a KMS key (EnableKey)",
    inputs: z.strictObject({ key: keyRef }),
    outputs: ["keyId", "keyState"],
    idempotent: true,
    irreversible: false,
    calls: keyCalls("EnableKey"),
  },
  {
    name: "aws.kms.rotateKeyOnDemand",
    kind: "aws",
    summary: `starts a rotation of an enabled KMS key's material (RotateKeyOnDemand, asynchronous; at most ${MAX_ON_DEMAND_ROTATIONS} per key, never started while one is in progress or repeated automatically). Old material stays and still decrypts: rotation does not answer a compromise`,
    inputs: z.strictObject({ key: keyRef }),
    outputs: ["keyId", "rotationStartedAt", "onDemandRotations"],
    idempotent: false,
    irreversible: true,
    calls: (i) => {
      const calls = keyCalls("RotateKeyOnDemand")(i);
      const id = calls[calls.length - 1]!.input.KeyId;
      const read = (operation: string): ApiCall => ({ service: "kms", operation, input: { KeyId: id } });
      const [describe] = keyCalls("DescribeKey")({ key: id });
      return [...calls.slice(0, -1), describe!, read("GetKeyRotationStatus"), read("ListKeyRotations"), calls[calls.length - 1]!, read("GetKeyRotationStatus")];
    },
  },
  {
    name: "aws.kms.describeKey",
    kind: "aws",
    summary: "reads a KMS key's state (DescribeKey)",
    inputs: z.strictObject({ key: keyRef }),
    outputs: ["keyId", "arn", "keyState", "enabled"],
    idempotent: true,
    irreversible: false,
    calls: keyCalls("DescribeKey"),
  },
  {
    name: "aws.logs.search",
    kind: "aws",
    summary: "searches the tenant's audit log over a window (FilterLogEvents pages): count and a sample",
    inputs: z.strictObject({
      tenant: tenantId,
      from: z
        .union([isoTime, duration], { error: "expected an ISO 8601 time or a duration before `to` such as 7d, got {value}" })
        .describe("start of the window: an ISO 8601 time, or a duration before `to` such as 7d"),
      to: isoTime.optional().describe("end of the window (ISO 8601); default: when the step runs"),
      pattern: z
        .string()
        .max(1024)
        .refine((p) => unquotedHyphenTerm(p) === undefined, {
          error: (issue) => {
            const term = String(unquotedHyphenTerm(String(issue.input)));
            return `expected terms with '-' in double quotes; CloudWatch Logs does not read ${term} as one term (write it as "${term.replace(/^[-?]/, "")}")`;
          },
        })
        .optional()
        .describe('a CloudWatch Logs filter pattern; terms with "-" in double quotes, e.g. "billing-bot" with its quotes'),
      sample: z.number().int().min(0).max(50).default(5).describe("how many events to keep as a sample (0-50)"),
    }),
    outputs: ["logGroup", "count", "sample"],
    idempotent: true,
    irreversible: false,
    calls: (i) => [
      {
        service: "logs",
        operation: "FilterLogEvents",
        input: {
          logGroupName: tenantNames(String(i.tenant)).auditLogGroup,
          startTime: DURATION_PATTERN.test(String(i.from)) ? `<${String(i.from)} before endTime>` : Date.parse(String(i.from)),
          endTime: i.to === undefined ? "<when the step runs>" : Date.parse(String(i.to)),
          ...(i.pattern === undefined ? {} : { filterPattern: i.pattern }),
          interleaved: true,
        },
      },
    ],
  },
  {
    name: "audit.record",
    kind: "aws",
    summary: "writes an incident.action audit event to the platform audit log group (PutLogEvents)",
    inputs: z.strictObject({ message: z.string().min(1).max(2000), target: z.string().min(1).max(500).optional() }),
    outputs: ["eventId"],
    idempotent: true,
    irreversible: false,
    calls: () => [{ service: "logs", operation: "PutLogEvents", input: { logGroupName: platformNames.auditLogGroup } }],
  },
  {
    name: "notify.draft",
    kind: "local",
    summary: "drafts notices under the incident folder: the Art. 33(3) notice to the authority and Art. 33(2) notices to tenants",
    inputs: z.strictObject({
      audience: z.enum(["authority", "tenants", "all"]).default("all").describe("which notices to draft: authority, tenants or all"),
    }),
    outputs: ["files", "digests", "kept"],
    idempotent: true,
    irreversible: false,
  },
];

const ALL_SPECS: readonly ActionSpec[] = [...SPECS, ...TENANT_SENDING_ACTION_SPECS, ...KEY_ACTION_SPECS];
const BY_NAME = new Map(ALL_SPECS.map((s) => [s.name, s]));

function specsByName(): Map<ActionName, ActionSpec> {
  return BY_NAME;
}

export function actionSpec(name: ActionName): ActionSpec {
  const spec = BY_NAME.get(name);
  if (spec === undefined) throw new Error(`no action ${name}`);
  return spec;
}

export function allActionSpecs(): readonly ActionSpec[] {
  return ALL_SPECS;
}
