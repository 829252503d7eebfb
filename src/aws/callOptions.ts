/** Per-call options of the incident ports: a deadline for the request. */
export interface CallOptions {
  readonly timeoutMs?: number;
}

/**
 * Runs one SDK call with the call's deadline. A call cut off by its deadline fails as `RequestTimeout` (a transient
 * error to isTransientAwsError) rather than the SDK's generic AbortError, so callers can tell it from a cancellation.
 */
export async function withDeadline<T>(options: CallOptions | undefined, call: (send: { abortSignal?: AbortSignal }) => Promise<T>): Promise<T> {
  if (options?.timeoutMs === undefined) return call({});
  const abortSignal = AbortSignal.timeout(options.timeoutMs);
  try {
    return await call({ abortSignal });
  } catch (err) {
    if (abortSignal.aborted) throw Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { name: "RequestTimeout", cause: err });
    throw err;
  }
}
