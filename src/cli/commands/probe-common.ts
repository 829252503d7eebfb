import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ExitCode, usageError } from "../../core/errors";
import type { ProbeCheck, ProbeReport } from "../../probes/types";
import type { CliContext } from "../context";

/** --ca: PEM files read at the edge; a missing file is invalid input (exit 2). */
export function readCaFiles(paths: readonly string[] | undefined, ctx: CliContext): string[] | undefined {
  if (paths === undefined || paths.length === 0) return undefined;
  return paths.map((p) => {
    let text: string;
    try {
      text = readFileSync(resolve(ctx.cwd, p), "utf8");
    } catch (err) {
      throw usageError("E_CA_FILE", `--ca ${p}: cannot read it (${(err as NodeJS.ErrnoException).code ?? "error"})`, "give a PEM file of trusted root certificates");
    }
    if (!text.includes("-----BEGIN CERTIFICATE-----")) throw usageError("E_CA_FILE", `--ca ${p}: no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)`);
    return text;
  });
}

export function parsePositiveInt(flag: string, text: string | undefined, fallback: number, max = 600_000): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > max) throw usageError("E_USAGE", `${flag} ${text}: expected a whole number from 1 to ${max}`);
  return n;
}

/** Exit code of probe results: 1 when a check fails, else 3 when one could not be evaluated, else 0. */
export function probeExitCode(checks: readonly ProbeCheck[]): ExitCode {
  if (checks.some((c) => c.status === "fail")) return ExitCode.findings;
  if (checks.some((c) => c.status === "error")) return ExitCode.environment;
  return ExitCode.ok;
}

export function reportText(r: ProbeReport): string {
  const width = Math.max(...r.checks.map((c) => c.id.length));
  return [r.target, ...r.checks.map((c) => `  ${c.status.toUpperCase().padEnd(5)} ${c.id.padEnd(width)}  ${c.detail}`)].join("\n");
}

export function summaryLine(checks: readonly ProbeCheck[]): string {
  const n = (s: string) => checks.filter((c) => c.status === s).length;
  return `${n("pass")} passed, ${n("fail")} failed, ${n("error")} not evaluated (error)`;
}
