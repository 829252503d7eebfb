import { ZodError } from "zod";
import { isTransientAwsError } from "../aws/errors";
import { OpsError } from "../core/errors";
import type { PlacedStep } from "./schema";
import { canonicalJson } from "./store";

/** An error as the journal records it: a code, a message, and whether another attempt may help. */
export function errorInfo(err: unknown): { code: string; message: string; transient: boolean } {
  const cause = err instanceof OpsError && err.cause !== undefined ? err.cause : err;
  const transient = isTransientAwsError(cause) || (cause as { name?: string } | undefined)?.name === "TimeoutError";
  if (err instanceof OpsError) return { code: err.code, message: err.message, transient };
  if (err instanceof ZodError) return { code: "E_INPUT", message: err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "), transient: false };
  return { code: "E_ACTION", message: err instanceof Error ? err.message : String(err), transient };
}

/** The step's `assert` against its outputs: undefined when it holds, else what differs. */
export function assertOutputs(step: PlacedStep, expected: Record<string, unknown> | undefined, outputs: Record<string, unknown>): string | undefined {
  if (expected === undefined) return undefined;
  const wrong = Object.entries(expected).filter(([k, v]) => canonicalJson(outputs[k]) !== canonicalJson(v));
  if (wrong.length === 0) return undefined;
  return `assert of step ${step.id} failed: ${wrong.map(([k, v]) => `${k} is ${canonicalJson(outputs[k])}, expected ${canonicalJson(v)}`).join("; ")}`;
}
