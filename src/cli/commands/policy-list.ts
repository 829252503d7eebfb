import { ExitCode } from "../../core/errors";
import { ALL_CHECKS } from "../../policy/checks";
import { configJsonSchema } from "../../policy/engine/config";
import type { CliContext, CommandResult } from "../context";
import { table } from "../table";

export interface PolicyListItem {
  readonly id: string;
  readonly kind: "resource" | "stack";
  readonly severity: string;
  readonly enforcementLevel: string;
  readonly controls: readonly string[];
  readonly resourceTypes?: readonly string[];
  readonly description: string;
  readonly remediation: string;
  readonly equivalents: object;
  readonly configSchema?: object;
}

/** `policy list`: every check with its metadata. */
export async function policyList(_opts: object, _ctx: CliContext): Promise<CommandResult<PolicyListItem[]>> {
  const data: PolicyListItem[] = ALL_CHECKS.map((c) => ({
    id: c.id,
    kind: c.kind,
    severity: c.severity,
    enforcementLevel: c.enforcementLevel,
    controls: c.controls,
    ...(c.kind === "resource" ? { resourceTypes: c.resourceTypes } : {}),
    description: c.description,
    remediation: c.remediation,
    equivalents: c.equivalents,
    ...(c.config !== undefined ? { configSchema: configJsonSchema(c) } : {}),
  }));
  return {
    data,
    exitCode: ExitCode.ok,
    text: () => table(["ID", "KIND", "SEVERITY", "LEVEL", "SOC 2"], data.map((d) => [d.id, d.kind, d.severity, d.enforcementLevel, d.controls.join(" ")])),
  };
}
