import { environmentError } from "../core/errors";
import { arns } from "../infra/arns";
import { envOfKeyArn, tenantKeyDeclaration } from "../infra/tenantKeys";
import { tenantNames, tenantResourceNames } from "../tenants/names";
import type { ExecContext, Executor, IncidentPorts, Reconciliation } from "./executors";

const opts = (ctx: ExecContext) => ({ timeoutMs: ctx.timeoutMs });
const tenantOf = (ctx: ExecContext) => String(ctx.inputs.tenant);

/** A port the action needs; the CLI binds them all, a test may bind only some. */
export function port<K extends keyof IncidentPorts>(ctx: ExecContext, name: K): NonNullable<IncidentPorts[K]> {
  const p = ctx.ports[name];
  if (p === undefined || p === null) throw new Error(`this action needs the ${String(name)} port`);
  return p as NonNullable<IncidentPorts[K]>;
}

/** Policies compare as documents, not as text (AWS may reformat what it stores). */
const samePolicy = (a: string, b: string): boolean => {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
};

/** The topic ARN of the tenant's alerts topic, in the key's account and region. */
const topicArnFor = (tenant: string, keyArn: string): string => {
  const env = envOfKeyArn(keyArn);
  return arns.snsTopic(env, env.region, tenantResourceNames(tenant).alertsTopic);
};

const createReplacementKey: Executor = {
  async prepare(ctx) {
    const old = await port(ctx, "keyAdmin").snapshot(tenantNames(tenantOf(ctx)).kmsAlias, opts(ctx));
    const env = envOfKeyArn(old.arn);
    const declared = tenantKeyDeclaration(tenantOf(ctx), env, env.region);
    // What the old key had that the program does not declare (a changed policy may be how the misuse happened).
    const differences: string[] = [];
    if (!samePolicy(old.policy, declared.policy)) differences.push("policy");
    if (old.description !== declared.description) differences.push("description");
    const tags = Object.fromEntries(old.tags.map((t) => [t.key, t.value]));
    if (JSON.stringify(tags) !== JSON.stringify(declared.tags)) differences.push("tags");
    if (old.keySpec !== declared.keySpec || old.keyUsage !== declared.keyUsage) differences.push("spec");
    return { oldKeyId: old.keyId, oldKeyArn: old.arn, oldKeyState: old.keyState, notBefore: ctx.now.toISOString(), differences };
  },
  async run(ctx) {
    const prepared = ctx.prepared ?? {};
    const env = envOfKeyArn(String(prepared.oldKeyArn));
    const declared = tenantKeyDeclaration(tenantOf(ctx), env, env.region);
    const admin = port(ctx, "keyAdmin");
    const created = await admin.createKey(
      { description: declared.description, keySpec: declared.keySpec, keyUsage: declared.keyUsage, policy: declared.policy, tags: Object.entries(declared.tags).map(([key, value]) => ({ key, value })) },
      opts(ctx),
    );
    await admin.enableRotation(created.keyId, opts(ctx));
    return { keyId: created.keyId, arn: created.arn, oldKeyId: prepared.oldKeyId, oldKeyArn: prepared.oldKeyArn, oldKeyState: prepared.oldKeyState, differences: prepared.differences };
  },
  async reconcile(ctx) {
    const prepared = ctx.prepared ?? {};
    const env = envOfKeyArn(String(prepared.oldKeyArn));
    const declared = tenantKeyDeclaration(tenantOf(ctx), env, env.region);
    const admin = port(ctx, "keyAdmin");
    const found = (await admin.keysCreatedSince(declared.description, new Date(String(prepared.notBefore)), opts(ctx))).filter((k) => k !== prepared.oldKeyId);
    const observed = { keysCreatedSince: found };
    if (found.length === 0) return { result: "not-done", observed };
    if (found.length > 1) return { result: "unknown", observed, reason: `${found.length} keys for tenant ${tenantOf(ctx)} were created since the attempt started; pick one by hand` };
    const created = await admin.describe(found[0]!, opts(ctx));
    await admin.enableRotation(created.keyId, opts(ctx));
    return {
      result: "done",
      observed,
      outputs: { keyId: created.keyId, arn: created.arn, oldKeyId: prepared.oldKeyId, oldKeyArn: prepared.oldKeyArn, oldKeyState: prepared.oldKeyState, differences: prepared.differences },
    };
  },
};

const associateKmsKey: Executor = {
  async run(ctx) {
    const group = tenantNames(tenantOf(ctx)).auditLogGroup;
    const logs = port(ctx, "logGroupKeys");
    await logs.associate(group, String(ctx.inputs.key), opts(ctx));
    return { logGroups: [group], kmsKeyId: (await logs.keyOf(group, opts(ctx))) ?? null };
  },
  async reconcile(ctx) {
    const group = tenantNames(tenantOf(ctx)).auditLogGroup;
    const kmsKeyId = (await port(ctx, "logGroupKeys").keyOf(group, opts(ctx))) ?? null;
    const observed = { logGroups: [group], kmsKeyId };
    return kmsKeyId === ctx.inputs.key ? { result: "done", outputs: observed, observed } : { result: "not-done", observed };
  },
};

const setTopicKey: Executor = {
  async run(ctx) {
    const topicArn = topicArnFor(tenantOf(ctx), String(ctx.inputs.key));
    const topics = port(ctx, "topicKeys");
    await topics.setKey(topicArn, String(ctx.inputs.key), opts(ctx));
    return { topicArn, kmsMasterKeyId: (await topics.keyOf(topicArn, opts(ctx))) ?? null };
  },
  async reconcile(ctx) {
    const topicArn = topicArnFor(tenantOf(ctx), String(ctx.inputs.key));
    const kmsMasterKeyId = (await port(ctx, "topicKeys").keyOf(topicArn, opts(ctx))) ?? null;
    const observed = { topicArn, kmsMasterKeyId };
    return kmsMasterKeyId === ctx.inputs.key ? { result: "done", outputs: observed, observed } : { result: "not-done", observed };
  },
};

const updateAlias: Executor = {
  async run(ctx) {
    const alias = tenantNames(tenantOf(ctx)).kmsAlias;
    const admin = port(ctx, "keyAdmin");
    await admin.updateAlias(alias, String(ctx.inputs.key), opts(ctx));
    return { alias, keyId: (await admin.describe(alias, opts(ctx))).keyId };
  },
  async reconcile(ctx) {
    const alias = tenantNames(tenantOf(ctx)).kmsAlias;
    const observed = { alias, keyId: (await port(ctx, "keyAdmin").describe(alias, opts(ctx))).keyId };
    return observed.keyId === ctx.inputs.key ? { result: "done", outputs: observed, observed } : { result: "not-done", observed };
  },
};

const DAY_MS = 86_400_000;

const retireKey: Executor = {
  async prepare(ctx) {
    const tenant = tenantOf(ctx);
    const names = tenantNames(tenant);
    const admin = port(ctx, "keyAdmin");
    const key = await admin.describe(String(ctx.inputs.key), opts(ctx));
    // Never lock down the key something still writes with: the alias, the log group and the topic must have moved.
    const inUse: string[] = [];
    if ((await admin.describe(names.kmsAlias, opts(ctx))).keyId === key.keyId) inUse.push(`alias ${names.kmsAlias}`);
    const groupKey = await port(ctx, "logGroupKeys").keyOf(names.auditLogGroup, opts(ctx));
    if (groupKey === key.arn || groupKey === key.keyId) inUse.push(`log group ${names.auditLogGroup}`);
    const topicArn = topicArnFor(tenant, key.arn);
    const topicKey = await port(ctx, "topicKeys").keyOf(topicArn, opts(ctx));
    if (topicKey === key.arn || topicKey === key.keyId) inUse.push(`topic ${topicArn}`);
    if (inUse.length > 0) {
      throw environmentError("E_KEY_IN_USE", `key ${key.keyId} is still used by ${inUse.join(", ")}; move them to the replacement key before retiring it`);
    }
    if (key.keyState !== "Enabled") {
      throw environmentError("E_KEY_STATE", `key ${key.keyId} is ${key.keyState}; a retired key must stay Enabled so CloudWatch Logs can read the events it encrypted (enable it first)`);
    }
    return { keyArn: key.arn };
  },
  async run(ctx) {
    const keyArn = String(ctx.prepared?.keyArn);
    const env = envOfKeyArn(keyArn);
    const policy = tenantKeyDeclaration(tenantOf(ctx), env, env.region).retiredPolicy;
    const admin = port(ctx, "keyAdmin");
    await admin.putPolicy(String(ctx.inputs.key), policy, opts(ctx));
    const r = await retiredState(ctx);
    if (r.result !== "done") throw environmentError("E_KEY_POLICY", `key ${String(ctx.inputs.key)} does not show the retired policy after PutKeyPolicy`);
    return r.outputs;
  },
  reconcile: (ctx) => retiredState(ctx),
};

/** Whether the key carries the retired policy now (and when it may be deleted). */
async function retiredState(ctx: ExecContext): Promise<Reconciliation> {
  const keyArn = String(ctx.prepared?.keyArn);
  const env = envOfKeyArn(keyArn);
  const admin = port(ctx, "keyAdmin");
  const policy = await admin.getPolicy(String(ctx.inputs.key), opts(ctx));
  const key = await admin.describe(String(ctx.inputs.key), opts(ctx));
  const retired = samePolicy(policy, tenantKeyDeclaration(tenantOf(ctx), env, env.region).retiredPolicy);
  // Events encrypted under this key until now expire after the retention period (plus a day for in-flight ingestion).
  const deleteAfter = new Date(ctx.now.getTime() + (Number(ctx.inputs.retentionDays) + 1) * DAY_MS).toISOString().slice(0, 10);
  const observed = { keyId: key.keyId, keyState: key.keyState, policy: retired ? "retired" : "other" };
  return retired ? { result: "done", outputs: { ...observed, deleteAfter }, observed } : { result: "not-done", observed };
}

const recordKeyReplacement: Executor = {
  async run(ctx) {
    const since = ctx.now.toISOString();
    const written = port(ctx, "tenantFiles").recordKeyReplacement(tenantOf(ctx), { keyId: String(ctx.inputs.key), since, incident: String(ctx.inputs.incident) });
    return { file: written.file, keyId: ctx.inputs.key, since };
  },
  async reconcile(ctx) {
    return { result: "unknown", observed: {}, reason: `check tenants/${tenantOf(ctx)}.yaml; recording again changes nothing if the key is there` };
  },
};

export const KEY_EXECUTORS: Record<string, Executor> = {
  "aws.kms.createReplacementKey": createReplacementKey,
  "aws.logs.associateKmsKey": associateKmsKey,
  "aws.sns.setTopicKey": setTopicKey,
  "aws.kms.updateAlias": updateAlias,
  "aws.kms.retireKey": retireKey,
  "tenant.recordKeyReplacement": recordKeyReplacement,
};
