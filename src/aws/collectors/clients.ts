import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { KMSClient } from "@aws-sdk/client-kms";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SNSClient } from "@aws-sdk/client-sns";
import { STSClient } from "@aws-sdk/client-sts";
import type { LiveService } from "./operations";
export { ENDPOINT_ENV } from "./operations";

/** How the live collectors reach AWS. Everything but the region may be omitted (the SDK's defaults apply). */
export interface LiveAwsSettings {
  readonly region: string;
  /** A named profile from ~/.aws/config (`--profile`). */
  readonly profile?: string;
  /** Per-service endpoints (AWS_ENDPOINT_URL_<SERVICE>), else `endpoint` (AWS_ENDPOINT_URL), else AWS. */
  readonly endpoints?: Partial<Record<LiveService, string>>;
  readonly endpoint?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts per call, retries included (adaptive retry: backoff plus client-side rate limiting). Default 6. */
  readonly maxAttempts?: number;
  /** Called for every command a client is about to send, with its input (tests record them). */
  readonly onCommand?: (service: LiveService, operation: string, input: unknown) => void;
}

export interface LiveClients {
  readonly kms: KMSClient;
  readonly logs: CloudWatchLogsClient;
  readonly sns: SNSClient;
  readonly sesv2: SESv2Client;
  readonly sts: STSClient;
  destroy(): void;
}

interface Sendable {
  middlewareStack: { add(mw: unknown, options: { step: "initialize"; name: string }): void };
}

/** The read-only clients, one per service, throttling-safe (retry mode `adaptive`). */
export function liveClients(s: LiveAwsSettings): LiveClients {
  const base = (service: LiveService) => {
    const endpoint = s.endpoints?.[service] ?? s.endpoint;
    return {
      region: s.region,
      retryMode: "adaptive",
      maxAttempts: s.maxAttempts ?? 6,
      ...(endpoint !== undefined ? { endpoint } : {}),
      ...(s.profile !== undefined ? { profile: s.profile } : {}),
      ...(s.credentials !== undefined ? { credentials: s.credentials } : {}),
    };
  };
  const watch = <C extends object>(service: LiveService, client: C): C => {
    const hook = s.onCommand;
    if (hook === undefined) return client;
    (client as unknown as Sendable).middlewareStack.add(
      (next: (args: { input?: unknown }) => Promise<unknown>, context: { commandName?: string }) => (args: { input?: unknown }) => {
        hook(service, (context.commandName ?? "Unknown").replace(/Command$/, ""), args.input);
        return next(args);
      },
      { step: "initialize", name: "emailmateLiveRecorder" },
    );
    return client;
  };
  const clients = {
    kms: watch("kms", new KMSClient(base("kms"))),
    logs: watch("logs", new CloudWatchLogsClient(base("logs"))),
    sns: watch("sns", new SNSClient(base("sns"))),
    sesv2: watch("sesv2", new SESv2Client(base("sesv2"))),
    sts: watch("sts", new STSClient(base("sts"))),
  };
  return {
    ...clients,
    destroy() {
      for (const c of Object.values(clients)) c.destroy();
    },
  };
}
