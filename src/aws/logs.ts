import {
  CloudWatchLogsClient,
  CreateExportTaskCommand,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeExportTasksCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import type { AwsClientConfig } from "./config";
import { awsError } from "./errors";

/** One event to put: epoch milliseconds and the message (for audit logs: one JSON-encoded AuditEvent). */
export interface LogEventInput {
  readonly timestamp: number;
  readonly message: string;
}

/** One event as FilterLogEvents returns it. */
export interface FilteredLogEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly logStreamName?: string;
  /** CloudWatch's own id of the log event (not the audit eventId). */
  readonly eventId?: string;
  readonly ingestionTime?: number;
}

/** One FilterLogEvents page. Pages may be empty while `nextToken` says more remains. */
export interface FilterPage {
  readonly events: readonly FilteredLogEvent[];
  readonly nextToken?: string;
}

/** A closed time range in epoch milliseconds: FilterLogEvents returns events with startTime ≤ timestamp ≤ endTime. */
export interface LogTimeRange {
  readonly startTime: number;
  readonly endTime: number;
}

export interface FilterRequest extends LogTimeRange {
  readonly group: string;
  readonly nextToken?: string;
  /** Page size (FilterLogEvents `limit`, at most 10,000). */
  readonly limit?: number;
  readonly filterPattern?: string;
}

export interface ExportTaskRequest extends LogTimeRange {
  readonly group: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly taskName?: string;
}

export type ExportTaskState = "PENDING" | "RUNNING" | "COMPLETED" | "CANCELLED" | "FAILED" | "PENDING_CANCEL";

export interface ExportTaskStatus {
  readonly taskId: string;
  readonly state: ExportTaskState;
  readonly message?: string;
}

/**
 * The CloudWatch Logs capability the project uses (audit writing and reading, incident journal): a small port with
 * one SDK adapter below. Errors are OpsErrors (exit 3) naming the operation, with the SDK error as `cause` so callers
 * can tell transient ones (throttling, 5xx, resets) apart with `isTransientAwsError(err.cause)`.
 */
export interface LogsPort {
  /** Creates the log group unless it exists. */
  ensureGroup(group: string): Promise<void>;
  /** Creates the log stream unless it exists. */
  ensureStream(group: string, stream: string): Promise<void>;
  /** One PutLogEvents call: the caller keeps within its limits (see src/audit/batch.ts) and orders events by time. */
  putEvents(group: string, stream: string, events: readonly LogEventInput[]): Promise<void>;
  /** One FilterLogEvents call (interleaved across streams). */
  filterPage(request: FilterRequest): Promise<FilterPage>;
  /** Every FilterLogEvents page of a group and time range, following nextToken (empty pages included). */
  pages(group: string, range: LogTimeRange, options?: { nextToken?: string; limit?: number; filterPattern?: string }): AsyncIterable<FilterPage>;
  /** CreateExportTask to S3; resolves to the task id. */
  createExportTask(request: ExportTaskRequest): Promise<string>;
  describeExportTask(taskId: string): Promise<ExportTaskStatus>;
}

/** Follows nextToken through `filterPage` until the last page: the one pagination loop, shared by every LogsPort. */
export async function* followPages(
  filterPage: (request: FilterRequest) => Promise<FilterPage>,
  group: string,
  range: LogTimeRange,
  options: { nextToken?: string; limit?: number; filterPattern?: string } = {},
): AsyncGenerator<FilterPage> {
  let nextToken = options.nextToken;
  for (;;) {
    const page = await filterPage({ group, ...range, nextToken, limit: options.limit, filterPattern: options.filterPattern });
    yield page;
    if (page.nextToken === undefined || page.nextToken === nextToken) return;
    nextToken = page.nextToken;
  }
}

function alreadyExists(err: unknown): boolean {
  return (err as { name?: string } | undefined)?.name === "ResourceAlreadyExistsException";
}

/** The SDK adapter. Pass `maxAttempts: 1` when the caller does its own retries (the exporter does). */
export class CloudWatchLogsAdapter implements LogsPort {
  private readonly client: CloudWatchLogsClient;

  constructor(config: AwsClientConfig | CloudWatchLogsClient) {
    this.client = config instanceof CloudWatchLogsClient ? config : new CloudWatchLogsClient(config);
  }

  async ensureGroup(group: string): Promise<void> {
    try {
      await this.client.send(new CreateLogGroupCommand({ logGroupName: group }));
    } catch (err) {
      if (!alreadyExists(err)) throw awsError("CloudWatch Logs", "CreateLogGroup", err);
    }
  }

  async ensureStream(group: string, stream: string): Promise<void> {
    try {
      await this.client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    } catch (err) {
      if (!alreadyExists(err)) throw awsError("CloudWatch Logs", "CreateLogStream", err);
    }
  }

  async putEvents(group: string, stream: string, events: readonly LogEventInput[]): Promise<void> {
    if (events.length === 0) return;
    try {
      const out = await this.client.send(
        new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events.map((e) => ({ timestamp: e.timestamp, message: e.message })) }),
      );
      const rejected = out.rejectedLogEventsInfo;
      if (rejected && (rejected.tooOldLogEventEndIndex !== undefined || rejected.tooNewLogEventStartIndex !== undefined || rejected.expiredLogEventEndIndex !== undefined)) {
        throw new Error(`PutLogEvents rejected events: ${JSON.stringify(rejected)}`);
      }
    } catch (err) {
      throw awsError("CloudWatch Logs", "PutLogEvents", err);
    }
  }

  async filterPage(request: FilterRequest): Promise<FilterPage> {
    try {
      const out = await this.client.send(
        new FilterLogEventsCommand({
          logGroupName: request.group,
          startTime: request.startTime,
          endTime: request.endTime,
          nextToken: request.nextToken,
          limit: request.limit,
          filterPattern: request.filterPattern,
          interleaved: true,
        }),
      );
      return {
        events: (out.events ?? []).map((e) => ({
          timestamp: e.timestamp ?? 0,
          message: e.message ?? "",
          logStreamName: e.logStreamName,
          eventId: e.eventId,
          ingestionTime: e.ingestionTime,
        })),
        nextToken: out.nextToken ?? undefined,
      };
    } catch (err) {
      throw awsError("CloudWatch Logs", "FilterLogEvents", err);
    }
  }

  pages(group: string, range: LogTimeRange, options?: { nextToken?: string; limit?: number; filterPattern?: string }): AsyncIterable<FilterPage> {
    return followPages((r) => this.filterPage(r), group, range, options);
  }

  async createExportTask(request: ExportTaskRequest): Promise<string> {
    try {
      const out = await this.client.send(
        new CreateExportTaskCommand({
          taskName: request.taskName,
          logGroupName: request.group,
          from: request.startTime,
          to: request.endTime,
          destination: request.bucket,
          destinationPrefix: request.prefix,
        }),
      );
      if (!out.taskId) throw new Error("CreateExportTask returned no taskId");
      return out.taskId;
    } catch (err) {
      throw awsError("CloudWatch Logs", "CreateExportTask", err);
    }
  }

  async describeExportTask(taskId: string): Promise<ExportTaskStatus> {
    try {
      const out = await this.client.send(new DescribeExportTasksCommand({ taskId }));
      const task = out.exportTasks?.[0];
      if (!task) throw new Error(`export task ${taskId} not found`);
      return { taskId, state: (task.status?.code ?? "PENDING") as ExportTaskState, message: task.status?.message };
    } catch (err) {
      throw awsError("CloudWatch Logs", "DescribeExportTasks", err);
    }
  }

  /** Closes the client's sockets (tests and short-lived commands). */
  destroy(): void {
    this.client.destroy();
  }
}

/**
 * SDK settings for a command: region and endpoint as awsClientConfig gives them, plus static credentials when the
 * command's environment carries them (the CLI context's env may differ from process.env in tests).
 */
export function logsClientConfig(base: AwsClientConfig, env: Readonly<Record<string, string | undefined>>): AwsClientConfig {
  const config: AwsClientConfig = { ...base };
  if (config.credentials === undefined && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    config.credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
  }
  return config;
}
