import { resolve } from "node:path";
import { hostname, networkInterfaces, userInfo } from "node:os";
import { ulidGenerator } from "../../audit/ids";
import { toolVersion } from "../../core/version";
import { environmentError, usageError } from "../../core/errors";
import type { IdentityReader } from "../../aws/sts";
import type { IncidentPorts } from "../../incident/executors";
import type { Operator, RunOptions, RunResult } from "../../incident/runner";
import { DEFAULT_CONTACT_POINT } from "../../incident/notices";
import type { Runbook } from "../../incident/schema";
import { incidentsDir, openIncident, type OpenIncident } from "../../incident/store";
import { foldJournal } from "../../incident/state";
import { platformNames } from "../../tenants";
import type { CliContext } from "../context";
import { progress } from "../context";
import { confirmations } from "./incident-flags";

export { loadTenantsFor } from "../tenantsFor";

/** Options every incident command shares. */
export interface IncidentDirOptions {
  readonly incidentsDir?: string;
}

/** Options of the commands that act (start, run). */
export interface ActOptions extends IncidentDirOptions {
  readonly execute: boolean;
  readonly as?: string;
  readonly confirm: readonly string[];
  readonly note: readonly string[];
  /** `--same-note`: one --note confirms every --confirm step (otherwise one note per step). */
  readonly sameNote?: boolean;
  readonly approve: readonly string[];
  readonly retry: readonly string[];
  readonly tenants: string;
}

export function dirOf(opts: IncidentDirOptions, ctx: CliContext): string {
  return incidentsDir(ctx.cwd, ctx.env, opts.incidentsDir);
}

/**
 * The operator by free-text name: `--as`, else EMAILMATE_OPERATOR, else the login name. Never verified: used by dry
 * runs and by commands that do not act on AWS (notify, close), and recorded as unverified.
 */
export function operatorOf(as: string | undefined, ctx: CliContext): Operator {
  let actor = as ?? ctx.env.EMAILMATE_OPERATOR;
  if (actor === undefined || actor.trim() === "") {
    try {
      actor = userInfo().username;
    } catch {
      actor = "unknown";
    }
  }
  const ip =
    Object.values(networkInterfaces())
      .flat()
      .find((i) => i !== undefined && i.family === "IPv4" && !i.internal)?.address ?? "127.0.0.1";
  return { actor: actor.trim(), verified: false, host: hostname(), ip, userAgent: `emailmate-ops/${toolVersion()} incident-runner` };
}

/**
 * Who acts. With --execute, the principal the AWS credentials belong to (sts:GetCallerIdentity), recorded by ARN:
 * `--as` is refused there, since a typed name proves nothing. Without --execute, the free-text name, unverified.
 */
export async function actingOperator(opts: Pick<ActOptions, "execute" | "as">, ctx: CliContext, ports?: AwsPorts): Promise<Operator> {
  const named = operatorOf(opts.as, ctx);
  if (!opts.execute) return named;
  if (ports === undefined) throw new Error("--execute needs the AWS ports");
  const identity = await ports.identity.whoAmI({ timeoutMs: 15_000 });
  return { ...named, actor: identity.arn, verified: true };
}

/** `--as` with --execute is a usage error (exit 2), found before anything is written. */
export function refuseNameWithExecute(opts: Pick<ActOptions, "execute" | "as">): void {
  if (opts.execute && opts.as !== undefined) {
    throw usageError(
      "E_AS_WITH_EXECUTE",
      `--as ${opts.as}: with --execute who you are comes from your AWS credentials (sts:GetCallerIdentity), not from a name`,
      "drop --as; to approve as someone else, that person runs the command with their own credentials",
    );
  }
}

export type AwsPorts = IncidentPorts & { readonly identity: IdentityReader; destroy(): void };

/** The tenant ids `--param name=value` pairs name (tenant and tenants parameters of the runbook), before parsing. */
export function tenantIdsInParams(runbook: Runbook, raw: readonly string[]): string[] {
  const ids: string[] = [];
  for (const pair of raw) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    const type = runbook.parameters[pair.slice(0, eq)]?.type;
    const value = pair.slice(eq + 1);
    if (type === "tenant") ids.push(value.trim());
    if (type === "tenants") ids.push(...value.split(",").map((v) => v.trim()).filter((v) => v !== ""));
  }
  return ids;
}

/**
 * The AWS ports, built only when an incident executes. Endpoints: AWS_ENDPOINT_URL_SESV2 / _KMS / _CLOUDWATCH_LOGS /
 * _SNS / _STS, else AWS_ENDPOINT_URL, else AWS. The runner does its own retries, so the SDK makes one attempt per call.
 * `tenantsDir` is where a key replacement is recorded for the pull-request flow.
 */
export async function awsPorts(ctx: CliContext, host: string, tenantsDir = "tenants"): Promise<AwsPorts> {
  const { awsClientConfig } = await import("../../aws/config");
  // Credentials from the command's environment when it names them (the SDK would read the same from the process).
  const id = ctx.env.AWS_ACCESS_KEY_ID;
  const secret = ctx.env.AWS_SECRET_ACCESS_KEY;
  const credentials = id && secret ? { accessKeyId: id, secretAccessKey: secret, ...(ctx.env.AWS_SESSION_TOKEN ? { sessionToken: ctx.env.AWS_SESSION_TOKEN } : {}) } : undefined;
  const config = (service: string) => awsClientConfig(ctx.env, { endpoint: ctx.env[`AWS_ENDPOINT_URL_${service}`], maxAttempts: 1, credentials });
  if (config("KMS").region === undefined) {
    throw environmentError("E_AWS_REGION", "no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION) to act on AWS", { hint: "without --execute the incident is a dry run and needs no AWS access" });
  }
  const [
    { SesV2SendingAdapter },
    { KmsAdminAdapter },
    { CloudWatchLogsAdapter },
    { createCloudWatchAuditSink },
    { LogGroupKeysAdapter },
    { SnsTopicKeysAdapter },
    { SesTenantAdapter },
    { tenantFilesIn },
    { StsIdentityAdapter },
  ] = await Promise.all([
    import("../../aws/ses"),
    import("../../aws/kmsAdmin"),
    import("../../aws/logs"),
    import("../../audit/writer"),
    import("../../aws/logsKeys"),
    import("../../aws/snsTopicKeys"),
    import("../../aws/sesTenants"),
    import("../../tenants/tenantFiles"),
    import("../../aws/sts"),
  ]);
  const ses = new SesV2SendingAdapter(config("SESV2"));
  const kms = new KmsAdminAdapter(config("KMS"));
  const logs = new CloudWatchLogsAdapter(config("CLOUDWATCH_LOGS"));
  const logGroupKeys = new LogGroupKeysAdapter(config("CLOUDWATCH_LOGS"));
  const topicKeys = new SnsTopicKeysAdapter(config("SNS"));
  const sesTenants = new SesTenantAdapter(config("SESV2"));
  const identity = new StsIdentityAdapter(config("STS"));
  const audit = createCloudWatchAuditSink({ logs, groupFor: () => platformNames.auditLogGroup, stream: `incident-runner-${host.replace(/[^A-Za-z0-9._-]/g, "-")}` });
  return {
    ses,
    kms,
    logs,
    audit,
    keyAdmin: kms,
    logGroupKeys,
    topicKeys,
    sesTenants,
    tenantFiles: tenantFilesIn(resolve(ctx.cwd, tenantsDir)),
    identity,
    destroy() {
      identity.destroy();
      ses.destroy();
      kms.destroy();
      logs.destroy();
      logGroupKeys.destroy();
      topicKeys.destroy();
      sesTenants.destroy();
    },
  };
}

export { checkStepFlags } from "./incident-flags";

export function runOptionsOf(opts: ActOptions, ctx: CliContext, operator: Operator): Omit<RunOptions, "execute"> {
  return {
    operator,
    confirm: confirmations(opts.confirm, opts.note),
    approve: new Set(opts.approve),
    retry: new Set(opts.retry),
    // With --confirm the notes pair with the confirmations; the one after them (or the only one) is the retry's.
    retryNote: opts.confirm.length > 0 ? opts.note.filter((n) => n.trim() !== "")[new Set(opts.confirm).size] : opts.note[0],
    prompt: ctx.tty.stdin && ctx.readLine ? (q) => ctx.readLine!(q) : undefined,
    say: (line) => (ctx.tty.stderr || ctx.tty.stdin ? ctx.stderr(line + "\n") : progress(ctx, line)),
    clock: ctx.clock,
    ids: ulidGenerator(ctx.clock),
    contactPoint: ctx.env.EMAILMATE_CONTACT_POINT ?? DEFAULT_CONTACT_POINT,
  };
}

/** The text of a run's result: the plan in a dry run, then where the incident stands. */
export function runText(r: RunResult): string {
  const lines: string[] = [];
  if (r.state === "dry-run") {
    for (const p of r.planned) {
      const calls = p.calls.map((c) => `    ${c.service}:${c.operation} ${JSON.stringify(c.input)}`);
      lines.push(`  [${p.phase}] ${p.step} (${p.action})${p.needs ? ` — needs ${p.needs}` : ""}`, ...calls);
    }
  }
  if (r.executed.length > 0) lines.push(`done this run: ${r.executed.join(", ")}`);
  lines.push(r.message);
  return lines.join("\n");
}

/**
 * Opens an incident for writing, under its lock: a torn last line (a crash mid-write) is cut and journaled as
 * `journal.recovered` with an audit event (written by the next `incident run --execute`), and said on stderr.
 */
export function openForWrite(dir: string, id: string, operator: Operator, ctx: CliContext): OpenIncident {
  const incident = openIncident(dir, id);
  const torn = incident.journal.torn;
  if (torn === undefined) return incident;
  const entry = incident.journal.recoverTornTail(ctx.clock.now(), {
    by: operator.actor,
    host: operator.host,
    ...(operator.verified ? {} : { unverified: true }),
    auditEventId: ulidGenerator(ctx.clock)(),
  })!;
  ctx.stderr(`warning: ${incident.journal.file}:${torn.line}: the last line was torn (cut by a crash while being written); removed ${String(entry.data.droppedBytes)} bytes, recorded as entry ${entry.seq}\n`);
  return { ...incident, state: foldJournal(incident.journal.entries, incident.runbook.steps.map((s) => s.id)) };
}
