import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ulidGenerator } from "../../src/audit/ids";
import { fixedClock, type Clock } from "../../src/core/clock";
import { parseRunbookText } from "../../src/incident/load";
import { affectedTenants, parseParams } from "../../src/incident/params";
import type { RunOptions } from "../../src/incident/runner";
import type { Runbook } from "../../src/incident/schema";
import { createIncident, sha256 } from "../../src/incident/store";
import { loadTenantsOrThrow, tenantFsAt, type Tenant } from "../../src/tenants";

export const REPO = join(__dirname, "..", "..");
export const TENANTS_DIR = join(REPO, "test", "fixtures", "incident", "tenants");

export function testTenants(): readonly Tenant[] {
  return loadTenantsOrThrow([TENANTS_DIR], tenantFsAt(REPO));
}

export function shippedRunbookText(id: string): string {
  return readFileSync(join(REPO, "runbooks", `${id}.yaml`), "utf8");
}

export function runbookFrom(text: string, file = "runbooks/test-runbook.yaml"): Runbook {
  const parsed = parseRunbookText(file, text);
  if (!parsed.runbook) throw new Error(parsed.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join("\n"));
  return parsed.runbook;
}

/** A settable clock for tests. */
export function movableClock(at: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let t = Date.parse(at);
  return { now: () => new Date(t), set: (iso) => (t = Date.parse(iso)), advance: (ms) => (t += ms) };
}

/** Opens an incident in `dir` from runbook text, as `incident start` does. */
export function openTest(dir: string, text: string, rawParams: string[], clock: Clock = fixedClock("2026-11-29T12:00:00Z")) {
  const file = `runbooks/${/^id: (\S+)/m.exec(text)?.[1] ?? "unknown"}.yaml`;
  const runbook = runbookFrom(text, file);
  const tenants = testTenants();
  const params = parseParams(runbook, rawParams, tenants);
  const now = clock.now();
  const { id, journal, folder } = createIncident(dir, now, {
    runbook: runbook.id,
    runbookFile: file,
    runbookSha256: sha256(text),
    runbookText: text,
    title: runbook.title,
    severity: runbook.severity,
    owner: "alice",
    awareAt: now.toISOString(),
    openedAt: now.toISOString(),
    params,
    tenants: affectedTenants(runbook, params),
    host: "test-host",
  });
  return { id, journal, folder, runbook, tenants };
}

export function runOptions(clock: Clock, over: Partial<RunOptions> = {}): RunOptions & { delays: number[] } {
  const delays: number[] = [];
  return {
    execute: true,
    operator: { actor: "alice", verified: true, host: "test-host", ip: "192.0.2.10", userAgent: "emailmate-ops/test incident-runner" },
    clock,
    ids: ulidGenerator(clock),
    sleep: async (ms) => {
      delays.push(ms);
    },
    backoffMs: (attempt) => 100 * 2 ** (attempt - 1),
    contactPoint: "dpo@emailmate.example",
    delays,
    ...over,
  };
}
