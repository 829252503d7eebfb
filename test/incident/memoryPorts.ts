import type { AuditEvent } from "../../src/audit/event";
import type { FilterPage, LogTimeRange } from "../../src/aws/logs";
import type { KeyControl, KeyState } from "../../src/aws/kms";
import type { ConfigurationSetState, SendingControl } from "../../src/aws/ses";
import { awsError } from "../../src/aws/errors";
import type { IncidentPorts } from "../../src/incident/executors";

/** In-memory ports for the runner's pure-logic tests: record every call, fail on demand like AWS would. */
export interface MemoryPorts extends IncidentPorts {
  readonly calls: string[];
  readonly audited: AuditEvent[];
  readonly sending: Map<string, boolean>;
  readonly keys: Map<string, { state: string; rotations: number }>;
  /** Next failures per operation: an SDK-like error (name, status). */
  failNext(operation: string, times: number, name?: string, status?: number): void;
}

export function memoryPorts(): MemoryPorts {
  const calls: string[] = [];
  const audited: AuditEvent[] = [];
  const sending = new Map<string, boolean>([["tenant-acme", true], ["tenant-globex", true], ["tenant-initech", true]]);
  const keys = new Map<string, { state: string; rotations: number }>([["1234abcd-12ab-34cd-56ef-1234567890ab", { state: "Enabled", rotations: 0 }]]);
  const aliases = new Map<string, string>([["alias/emailmate/tenant/acme", "1234abcd-12ab-34cd-56ef-1234567890ab"]]);
  const failures = new Map<string, { times: number; name: string; status: number }>();
  const service: Record<string, string> = { PutLogEvents: "CloudWatch Logs", FilterLogEvents: "CloudWatch Logs" };
  const call = (op: string) => {
    calls.push(op);
    const f = failures.get(op);
    if (f && f.times > 0) {
      f.times--;
      const err = Object.assign(new Error(`${f.name} from memory`), { name: f.name, $metadata: { httpStatusCode: f.status } });
      throw awsError(service[op] ?? (op.includes("Key") ? "KMS" : "SES v2"), op, err);
    }
  };
  const key = (ref: string) => {
    const id = aliases.get(ref) ?? ref;
    const k = keys.get(id);
    if (!k) throw awsError("KMS", "DescribeKey", Object.assign(new Error(`Key '${ref}' does not exist`), { name: "NotFoundException", $metadata: { httpStatusCode: 400 } }));
    return { id, k };
  };
  const ses: SendingControl = {
    async setSendingEnabled(name, enabled) {
      call("PutConfigurationSetSendingOptions");
      sending.set(name, enabled);
    },
    async describe(name): Promise<ConfigurationSetState> {
      call("GetConfigurationSet");
      return { name, sendingEnabled: sending.get(name) ?? true, tlsPolicy: "REQUIRE", suppressedReasons: ["BOUNCE", "COMPLAINT"] };
    },
  };
  const kms: KeyControl = {
    async describe(ref): Promise<KeyState> {
      call("DescribeKey");
      const { id, k } = key(ref);
      return { keyId: id, arn: `arn:aws:kms:eu-west-1:123456789012:key/${id}`, keyState: k.state, enabled: k.state === "Enabled" };
    },
    async disable(id) {
      call("DisableKey");
      key(id).k.state = "Disabled";
    },
    async enable(id) {
      call("EnableKey");
      key(id).k.state = "Enabled";
    },
    async rotateOnDemand(id) {
      call("RotateKeyOnDemand");
      const k = key(id).k;
      // RotateKeyOnDemand: "DisabledException: The request was rejected because the specified KMS key is not enabled."
      if (k.state !== "Enabled") throw awsError("KMS", "RotateKeyOnDemand", Object.assign(new Error(`${id} is disabled.`), { name: "DisabledException", $metadata: { httpStatusCode: 400 } }));
      k.rotations++;
    },
    async onDemandRotationCount(id) {
      call("ListKeyRotations");
      return key(id).k.rotations;
    },
    async rotationStatus(id) {
      call("GetKeyRotationStatus");
      key(id);
      return { enabled: true };
    },
  };
  return {
    calls,
    audited,
    sending,
    keys,
    ses,
    kms,
    logs: {
      async *pages(_group: string, _range: LogTimeRange): AsyncIterable<FilterPage> {
        call("FilterLogEvents");
        yield { events: [{ timestamp: Date.parse("2026-11-28T10:00:00Z"), message: '{"action":"key.create"}' }], nextToken: "t1" };
        yield { events: [] };
      },
    },
    audit: {
      async record(events) {
        call("PutLogEvents");
        audited.push(...events);
      },
    },
    failNext(operation, times, name = "ThrottlingException", status = 400) {
      failures.set(operation, { times, name, status });
    },
  };
}
