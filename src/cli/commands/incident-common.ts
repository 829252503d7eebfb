import { hostname, networkInterfaces, userInfo } from "node:os";
import { ulidGenerator } from "../../audit/ids";
import { toolVersion } from "../../core/version";
import { closest } from "../../config/schemaIssues";
import { environmentError, usageError } from "../../core/errors";
import type { IncidentPorts } from "../../incident/executors";
import type { Operator, RunOptions, RunResult } from "../../incident/runner";
import type { Runbook } from "../../incident/schema";
import { DEFAULT_CONTACT_POINT } from "../../incident/notices";
import { incidentsDir } from "../../incident/store";
import { platformNames } from "../../tenants";
import type { CliContext } from "../context";
import { progress } from "../context";

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
  readonly approve: readonly string[];
  readonly retry: readonly string[];
  readonly tenants: string;
}

export function dirOf(opts: IncidentDirOptions, ctx: CliContext): string {
  return incidentsDir(ctx.cwd, ctx.env, opts.incidentsDir);
}

/** The operator: `--as`, else EMAILMATE_OPERATOR, else the login name. */
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
  return { actor: actor.trim(), host: hostname(), ip, userAgent: `emailmate-ops/${toolVersion()} incident-runner` };
}

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
 * The AWS ports, built only when an incident executes. Endpoints: AWS_ENDPOINT_URL_SESV2 / _KMS / _CLOUDWATCH_LOGS,
 * else AWS_ENDPOINT_URL, else AWS. The runner does its own retries, so the SDK makes one attempt per call.
 */
export async function awsPorts(ctx: CliContext, host: string): Promise<IncidentPorts & { destroy(): void }> {
  const { awsClientConfig } = await import("../../aws/config");
  // Credentials from the command's environment when it names them (the SDK would read the same from the process).
  const id = ctx.env.AWS_ACCESS_KEY_ID;
  const secret = ctx.env.AWS_SECRET_ACCESS_KEY;
  const credentials = id && secret ? { accessKeyId: id, secretAccessKey: secret, ...(ctx.env.AWS_SESSION_TOKEN ? { sessionToken: ctx.env.AWS_SESSION_TOKEN } : {}) } : undefined;
  const config = (service: string) => awsClientConfig(ctx.env, { endpoint: ctx.env[`AWS_ENDPOINT_URL_${service}`], maxAttempts: 1, credentials });
  if (config("KMS").region === undefined) {
    throw environmentError("E_AWS_REGION", "no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION) to act on AWS", { hint: "without --execute the incident is a dry run and needs no AWS access" });
  }
  const [{ SesV2SendingAdapter }, { KmsKeyAdapter }, { CloudWatchLogsAdapter }, { createCloudWatchAuditSink }] = await Promise.all([
    import("../../aws/ses"),
    import("../../aws/kms"),
    import("../../aws/logs"),
    import("../../audit/writer"),
  ]);
  const ses = new SesV2SendingAdapter(config("SESV2"));
  const kms = new KmsKeyAdapter(config("KMS"));
  const logs = new CloudWatchLogsAdapter(config("CLOUDWATCH_LOGS"));
  const audit = createCloudWatchAuditSink({ logs, groupFor: () => platformNames.auditLogGroup, stream: `incident-runner-${host.replace(/[^A-Za-z0-9._-]/g, "-")}` });
  return {
    ses,
    kms,
    logs,
    audit,
    destroy() {
      ses.destroy();
      kms.destroy();
      logs.destroy();
    },
  };
}

/**
 * `--confirm`, `--approve` and `--retry` name steps of the runbook, and `--confirm` needs a `--note`: a typo at 3 a.m.
 * must be a usage error (exit 2), not silently ignored.
 */
export function checkStepFlags(runbook: Runbook, opts: Pick<ActOptions, "confirm" | "note" | "approve" | "retry">): void {
  const ids = runbook.steps.map((s) => s.id);
  const problems: string[] = [];
  const unknown = (flag: string, step: string) => {
    const near = closest(step, ids);
    problems.push(`${flag} ${step}: runbook ${runbook.id} has no step "${step}"${near === undefined ? "" : `; did you mean "${near}"?`}`);
  };
  for (const step of opts.confirm) if (!ids.includes(step)) unknown("--confirm", step);
  for (const step of opts.retry) if (!ids.includes(step)) unknown("--retry", step);
  for (const step of opts.approve) {
    const found = runbook.steps.find((s) => s.id === step);
    if (found === undefined) unknown("--approve", step);
    else if (found.action !== "approve" && found.approval === undefined) problems.push(`--approve ${step}: step ${step} needs no approval`);
  }
  if (opts.confirm.length > 0 && !opts.note.some((n) => n.trim() !== "")) problems.push("--confirm needs --note: what was checked or done");
  if (problems.length > 0) throw usageError("E_USAGE", problems.length === 1 ? problems[0]! : `${problems.length} problems with the flags:\n${problems.join("\n")}`);
}

/** `--confirm a --confirm b --note x --note y` → a: x, b: y (one note serves every step). */
export function confirmations(confirm: readonly string[], note: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  confirm.forEach((step, i) => {
    const text = note[i] ?? note[note.length - 1];
    if (text !== undefined) out.set(step, text);
  });
  return out;
}

export function runOptionsOf(opts: ActOptions, ctx: CliContext, operator: Operator): Omit<RunOptions, "execute"> {
  return {
    operator,
    confirm: confirmations(opts.confirm, opts.note),
    approve: new Set(opts.approve),
    retry: new Set(opts.retry),
    retryNote: opts.note[0],
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
