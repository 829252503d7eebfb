import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { ExitCode, usageError } from "../../core/errors";
import type { ChainProblem } from "../../evidence/ledger/chain";
import { readLedger } from "../../evidence/ledger/ledger";
import type { CliContext, CommandResult } from "../context";
import { table } from "../table";
import { openLedger, positiveInt } from "./evidence-aws";

export interface EvidenceLedgerOptions {
  readonly ledger: string;
  readonly last: string;
}

export interface LedgerRun {
  readonly seq: number;
  readonly runAt: string;
  readonly gitCommit: string;
  readonly tenants: number;
  /** Controls by status in this run. */
  readonly controls: Readonly<Record<string, number>>;
  readonly exceptions: number;
  readonly hash: string;
}

export interface EvidenceLedgerData {
  readonly location: string;
  readonly ok: boolean;
  readonly records: number;
  readonly problems: readonly ChainProblem[];
  readonly runs: readonly LedgerRun[];
}

/** `evidence ledger [DIR|s3://…]`: verifies the ledger's chain and lists its runs. Exit 1 naming removed or edited records. */
export async function evidenceLedger(opts: EvidenceLedgerOptions, ctx: CliContext): Promise<CommandResult<EvidenceLedgerData>> {
  const last = positiveInt("--last", opts.last, 1_000_000);
  if (!opts.ledger.startsWith("s3://") && !existsSync(resolve(ctx.cwd, opts.ledger))) throw usageError("E_LEDGER_LOCATION", `${opts.ledger}: no such folder; evidence runs create it (emailmate-ops evidence --ledger ${opts.ledger})`);
  const ledger = await openLedger(opts.ledger, 1, ctx);
  try {
    const chain = await readLedger(ledger.store);
    const runs = chain.records.map((r): LedgerRun => {
      const controls: Record<string, number> = {};
      for (const c of r.controls) controls[c.status] = (controls[c.status] ?? 0) + 1;
      return { seq: r.seq, runAt: r.runAt, gitCommit: r.gitCommit, tenants: r.tenants.length, controls, exceptions: r.findings.exceptions.length, hash: r.hash };
    });
    const data: EvidenceLedgerData = { location: ledger.store.location, ok: chain.ok, records: runs.length, problems: chain.problems, runs };
    return {
      data,
      exitCode: chain.ok ? ExitCode.ok : ExitCode.findings,
      text: () => {
        const shown = runs.slice(-last);
        const rows = shown.map((r) => [String(r.seq), r.runAt, r.gitCommit.slice(0, 12), String(r.tenants), Object.entries(r.controls).map(([s, n]) => `${n} ${s}`).join(", "), String(r.exceptions), r.hash.slice(0, 16)]);
        return [
          ...(runs.length > shown.length ? [`(the last ${shown.length} of ${runs.length} runs; --last N for more)`] : []),
          table(["SEQ", "RUN AT", "COMMIT", "TENANTS", "CONTROLS", "EXCEPTIONS", "HASH"], rows),
          chain.ok
            ? `ok: ${data.location}: ${runs.length} record${runs.length === 1 ? "" : "s"}, hash chain verified${runs.length > 0 ? ` (head ${runs[runs.length - 1]!.hash})` : ""}`
            : chain.problems.map((p) => `FAILED: ${data.location}/${p.record === "HEAD" ? "HEAD.json" : `records/${p.record}`}: ${p.message}`).join("\n"),
        ].join("\n");
      },
    };
  } finally {
    ledger.close();
  }
}
