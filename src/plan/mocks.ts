import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import type { ResourceRecord } from "../core/resource";
import type { AccountEnv } from "../infra/arns";
import { ComponentTypes } from "../infra/model";
import type { Tenant } from "../tenants";
import { SECRET_PLACEHOLDER } from "./result";
import { synthesize } from "./synthesize";

export interface MockRunOptions {
  readonly project: string;
  readonly stack: string;
  readonly env: AccountEnv;
  readonly region: string;
  /** The stack config the program reads (`<namespace>:<key>` → string). */
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
  /** The project folder (relative tenant folders resolve against it). */
  readonly cwd: string;
  /** Tenants to declare instead of the program loading its tenants folder. */
  readonly tenants?: readonly Tenant[];
}

/** Secrets arrive wrapped; the plan shows them as "[secret]", never their value. */
function unwrapSecrets(value: unknown): unknown {
  if (pulumi.runtime.isRpcSecret(value)) return SECRET_PLACEHOLDER;
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = unwrapSecrets(v);
    return out;
  }
  return value;
}

interface Registration {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly parent?: string;
  readonly props: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

type Callback = (err: unknown, response: unknown) => void;
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): Parameters<typeof pulumi.runtime.deserializeProperties>[0];
}
interface OutputsRequest {
  getUrn(): string;
  getOutputs(): Parameters<typeof pulumi.runtime.deserializeProperties>[0];
}

/** The mock monitor, recording what each registration carried (parent, inputs) and the component outputs. */
class RecordingMonitor extends MockMonitor {
  readonly registrations = new Map<string, Registration>();

  override async registerResource(req: RegisterRequest, callback: Callback): Promise<void> {
    const urn = (this as unknown as { newUrn(parent: string, type: string, name: string): string }).newUrn(req.getParent(), req.getType(), req.getName());
    this.registrations.set(urn, {
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      ...(req.getParent() ? { parent: req.getParent() } : {}),
      props: unwrapSecrets(pulumi.runtime.deserializeProperties(req.getObject())) as Record<string, unknown>,
    });
    return super.registerResource(req, callback);
  }

  override registerResourceOutputs(req: OutputsRequest, callback: Callback): void {
    const r = this.registrations.get(req.getUrn());
    if (r !== undefined) r.outputs = unwrapSecrets(pulumi.runtime.deserializeProperties(req.getOutputs())) as Record<string, unknown>;
    super.registerResourceOutputs(req, callback);
  }
}

/**
 * Runs the real Pulumi program in-process under Pulumi's mocks: no CLI, no credentials, no network. The mocks
 * synthesise what providers return (see synthesize) so that outputs used as inputs (`kmsKeyId: key.arn`) survive.
 */
export async function runProgramWithMocks(opts: MockRunOptions): Promise<ResourceRecord[]> {
  /** What the mocks returned per `type::name` (names are unique per type in this program). */
  const returned = new Map<string, { id: string; state: Record<string, unknown> }>();
  const mocks: pulumi.runtime.Mocks = {
    newResource: (args) => {
      if (!args.custom) return { id: undefined, state: {} };
      const inputs = unwrapSecrets(args.inputs) as Record<string, unknown>;
      const result = synthesize(opts.env, opts.region, args.type, args.name, inputs, args.id === undefined || args.id === "" ? undefined : args.id);
      returned.set(`${args.type}::${args.name}`, result);
      return result;
    },
    call: (args) => {
      throw new Error(`the program called ${args.token}; the plan's mocks answer no invokes`);
    },
  };
  const monitor = new RecordingMonitor(mocks);
  await pulumi.runtime.setMocks(mocks, opts.project, opts.stack, false);
  pulumi.runtime.setMockOptions(monitor, opts.project, opts.stack, false);
  pulumi.runtime.setAllConfig({ ...opts.config }, [...opts.secretKeys]);

  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    // The program body itself (stacks/index.ts only calls runStack and exports its outputs).
    const { declareStack, runStack, settingsFromRuntime } = await import("../infra/stack");
    if (opts.tenants === undefined) runStack(opts.cwd);
    else declareStack(opts.tenants, settingsFromRuntime());
    await pulumi.runtime.disconnect();
  } finally {
    Error.stackTraceLimit = limit;
  }

  const records: ResourceRecord[] = [];
  const tenantOf = (urn: string | undefined): string | undefined => {
    const parent = urn === undefined ? undefined : monitor.registrations.get(urn);
    if (parent === undefined) return undefined;
    if (parent.type === ComponentTypes.tenant) return parent.name;
    return tenantOf(parent.parent);
  };
  for (const [urn, r] of monitor.registrations) {
    const synthesized = r.custom ? returned.get(`${r.type}::${r.name}`) : undefined;
    const tenant = r.type === ComponentTypes.tenant ? r.name : tenantOf(r.parent);
    const outputs = r.custom ? synthesized?.state : r.outputs;
    records.push({
      urn,
      type: r.type,
      name: r.name,
      ...(tenant === undefined ? {} : { tenant }),
      props: r.props,
      ...(outputs === undefined ? {} : { outputs }),
      ...(synthesized === undefined ? {} : { id: synthesized.id }),
      ...(r.parent === undefined ? {} : { parent: r.parent }),
    });
  }
  return records;
}
