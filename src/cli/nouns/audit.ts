import { Command } from "commander";
import type { Registrar } from "../program";

export function registerAudit(program: Command, r: Registrar): void {
  const audit = program.command("audit").description("audit-log events: record one, export a tenant's log with a tamper-evident manifest, verify an export");

  r.action(
    audit
      .command("record")
      .description("write one audit event to the tenant's audit log group (timestamp from the clock, ULID event id)")
      .requiredOption("--tenant <id>", 'tenant id, or "platform" for platform-wide events')
      .requiredOption("--actor <id>", "who acted: user id, API key id or system component")
      .option("--actor-type <type>", "user | apiKey | system", "user")
      .option("--actor-email <email>", "the user's email")
      .requiredOption("--action <action>", "member.invite, member.remove, member.role_change, key.create, key.revoke, domain.add, domain.remove, domain.verify, billing.update, data.export, settings.update, incident.action")
      .option("--target <target>", "what the action was applied to")
      .requiredOption("--ip <ip>", "the client's IPv4 or IPv6 address")
      .requiredOption("--user-agent <ua>", "the client's user agent")
      .option("--outcome <outcome>", "success | failure", "success")
      .option("--metadata <json>", "action-specific details as a JSON object (never secrets)")
      .option("--stream <name>", "log stream to write to", "emailmate-ops")
      .option("--region <region>", "AWS region of the log group (default: the tenant's region; AWS_REGION for platform)")
      .option("--tenants <dir>", "tenants folder", "tenants"),
    async () => (await import("../commands/audit-record")).auditRecord,
    (_args, o) => ({
      tenant: o.tenant as string,
      actor: o.actor as string,
      actorType: o.actorType as string,
      actorEmail: o.actorEmail as string | undefined,
      action: o.action as string,
      target: o.target as string | undefined,
      ip: o.ip as string,
      userAgent: o.userAgent as string,
      outcome: o.outcome as string,
      metadata: o.metadata as string | undefined,
      stream: o.stream as string,
      region: o.region as string | undefined,
      tenantsDir: o.tenants as string,
    }),
  );

  r.action(
    audit
      .command("export")
      .description("export a paid-plan tenant's audit events [from, to) to files with a manifest and Merkle root")
      .requiredOption("--tenant <id>", "tenant id (pro or enterprise plan)")
      .requiredOption("--from <iso>", "start, inclusive (ISO 8601, UTC unless an offset is given)")
      .requiredOption("--to <iso>", "end, exclusive (ISO 8601)")
      .requiredOption("--out <dir>", "output folder (new or empty; with --resume, the interrupted export's)")
      .option("--format <format>", "jsonl | csv", "jsonl")
      .option("--resume", "continue an interrupted export in --out (same options)")
      .option("--chain <manifest>", "previous manifest.json of this tenant: its sha256 goes into previousManifestSha256")
      .option("--rate <n>", "FilterLogEvents requests per second, shared by all slices", "5")
      .option("--concurrency <n>", "time slices read at the same time", "4")
      .option("--slices <n>", "time slices to split the range into (default: one per 6 hours, at most 64)")
      .option("--page-size <n>", "events per FilterLogEvents page (at most 10000)", "10000")
      .option("--workers <n>", "threads validating events besides the main one (default: CPUs - 1, at most 4; 0: none)")
      .option("--via <api>", "logs (FilterLogEvents) | s3 (CloudWatch Logs export tasks to --bucket, for very large ranges)", "logs")
      .option("--bucket <name>", "with --via s3: the S3 bucket the export tasks write to (same region)")
      .option("--s3-prefix <prefix>", "with --via s3: key prefix for the export tasks' objects", "emailmate-ops/audit-exports")
      .option("--actor <id>", "who runs the export, for its data.export audit event (default: $USER)")
      .option("--ip <ip>", "IP address for the data.export audit event", "127.0.0.1")
      .option("--region <region>", "AWS region of the tenant's log group (default: the tenant's region)")
      .option("--tenants <dir>", "tenants folder", "tenants")
      .option("--sign-key <key>", "sign manifest.json with this KMS key (id, alias or ARN; ECC_NIST_P256, SIGN_VERIFY) into manifest.sig.json"),
    async () => (await import("../commands/audit-export")).auditExport,
    (_args, o) => ({
      tenant: o.tenant as string,
      from: o.from as string,
      to: o.to as string,
      out: o.out as string,
      format: o.format as string,
      resume: o.resume === true,
      chain: o.chain as string | undefined,
      rate: o.rate as string,
      concurrency: o.concurrency as string,
      slices: o.slices as string | undefined,
      pageSize: o.pageSize as string,
      workers: o.workers as string | undefined,
      actor: o.actor as string | undefined,
      ip: o.ip as string,
      region: o.region as string | undefined,
      tenantsDir: o.tenants as string,
      via: o.via as string,
      bucket: o.bucket as string | undefined,
      s3Prefix: o.s3Prefix as string,
      ...(o.signKey !== undefined ? { signKey: o.signKey as string } : {}),
    }),
  );

  r.action(
    audit
      .command("verify")
      .description("recompute an export's hashes, Merkle root and counts: exit 0 intact, 1 naming the first file and line that differ")
      .argument("<dir>", "export folder (with manifest.json)")
      .option("--previous <manifest>", "the previous manifest.json of the chain, to check previousManifestSha256")
      .option("--public-key <file>", "the signing key's public key (PEM or DER): manifest.sig.json must verify against it")
      .option("--key <key>", "fetch the public key to trust from KMS (GetPublicKey) instead"),
    async () => (await import("../commands/audit-verify")).auditVerify,
    ([dir], o) => ({
      dir: dir as string,
      previous: o.previous as string | undefined,
      ...(o.publicKey !== undefined ? { publicKey: o.publicKey as string } : {}),
      ...(o.key !== undefined ? { key: o.key as string } : {}),
    }),
  );
}
