import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import type { FilteredLogEvent, LogsPort } from "../aws/logs";
import type { S3Port } from "../aws/s3";
import { environmentError } from "../core/errors";
import type { PageSource } from "./export";
import type { Timer } from "./rateLimit";
import { withRetry, type RetryPolicy } from "./retry";

export interface ExportTaskSourceDeps {
  readonly logs: Pick<LogsPort, "createExportTask" | "describeExportTask">;
  readonly s3: S3Port;
  readonly group: string;
  readonly bucket: string;
  /** Key prefix under which each task writes (a folder per task below it). */
  readonly prefix: string;
  readonly timer: Timer;
  readonly random: () => number;
  /** Task names must be unique per run: `${group slug}-${start}-${end}-${nonce()}`. */
  readonly nonce: () => string;
  readonly pollMs?: number;
  readonly retry?: RetryPolicy;
  readonly stats?: { tasks: number; objects: number };
}

interface Position {
  readonly prefix: string;
  readonly object: number;
  readonly line: number;
}

/**
 * Pages of a time range read through a CloudWatch Logs export task instead of FilterLogEvents (for very large
 * ranges): one task per slice, run one at a time (an account may have only one active export task, so tasks queue
 * here and a LimitExceededException from someone else's task is retried with backoff), then the task's gzip objects
 * are streamed from S3 in key order, each line `<ISO time> <message>` becoming one log event. Pages hold at most
 * `limit` events; nextToken is the position (task prefix, object, line), so --resume continues without a new task.
 */
export function exportTaskPageSource(deps: ExportTaskSourceDeps): PageSource {
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn);
    queue = run.catch(() => undefined);
    return run;
  };
  const retry = <T>(op: () => Promise<T>) => withRetry(op, { timer: deps.timer, random: deps.random, policy: deps.retry });

  const runTask = (startTime: number, endTime: number): Promise<string> =>
    exclusive(async () => {
      const taskName = `${deps.group.replace(/[^A-Za-z0-9-]+/g, "-").replace(/^-|-$/g, "")}-${startTime}-${endTime}-${deps.nonce()}`;
      const prefix = `${deps.prefix.replace(/\/+$/, "")}/${taskName}`;
      const taskId = await retry(() => deps.logs.createExportTask({ group: deps.group, startTime, endTime, bucket: deps.bucket, prefix, taskName }));
      if (deps.stats) deps.stats.tasks++;
      for (;;) {
        const status = await retry(() => deps.logs.describeExportTask(taskId));
        if (status.state === "COMPLETED") return prefix;
        if (status.state === "FAILED" || status.state === "CANCELLED") {
          throw environmentError("E_AWS_EXPORT_TASK", `CloudWatch Logs export task ${taskId} ended ${status.state}${status.message ? `: ${status.message}` : ""}`);
        }
        await deps.timer.sleep(deps.pollMs ?? 2000);
      }
    });

  return async function* (range, options) {
    const limit = options.limit ?? 10_000;
    const start: Position = options.nextToken === undefined ? { prefix: await runTask(range.startTime, range.endTime), object: 0, line: 0 } : (JSON.parse(options.nextToken) as Position);
    const keys: string[] = [];
    for await (const key of deps.s3.listKeys(deps.bucket, start.prefix + "/")) if (key.endsWith(".gz")) keys.push(key);
    keys.sort();
    if (options.nextToken !== undefined && start.object >= keys.length) {
      // resuming inside a task whose objects are gone (expired or deleted): never report a partial slice as complete
      throw environmentError("E_EXPORT_TASK_OBJECTS", `the export task objects under s3://${deps.bucket}/${start.prefix}/ are gone; start the export again`);
    }
    if (start.object >= keys.length) {
      yield { events: [] };
      return;
    }
    for (let object = start.object; object < keys.length; object++) {
      const key = keys[object] as string;
      const parts = key.split("/");
      const stream = parts[parts.length - 2];
      const body = await retry(() => deps.s3.openObject(deps.bucket, key));
      if (deps.stats) deps.stats.objects++;
      const lines = createInterface({ input: body.pipe(createGunzip()), crlfDelay: Infinity });
      const skip = object === start.object ? start.line : 0;
      let lineNo = 0;
      let page: FilteredLogEvent[] = [];
      for await (const line of lines) {
        lineNo++;
        if (lineNo <= skip || line === "") continue;
        const space = line.indexOf(" ");
        const timestamp = space > 0 ? Date.parse(line.slice(0, space)) : NaN;
        page.push(Number.isNaN(timestamp) ? { timestamp: 0, message: line, logStreamName: stream } : { timestamp, message: line.slice(space + 1), logStreamName: stream });
        if (page.length >= limit) {
          yield { events: page, nextToken: JSON.stringify({ prefix: start.prefix, object, line: lineNo }) };
          page = [];
        }
      }
      const last = object === keys.length - 1;
      yield { events: page, nextToken: last ? undefined : JSON.stringify({ prefix: start.prefix, object: object + 1, line: 0 }) };
    }
  };
}
