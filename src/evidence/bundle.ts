import { createHash } from "node:crypto";
import type { ClaimsReport } from "../claims";
import type { Runbook } from "../incident/schema";
import type { ResourceRecord } from "../core/resource";
import { csvLine } from "../core/csv";
import { junitChunks } from "../policy/report/junit";
import { writeMarkdown } from "../policy/report/markdown";
import type { PolicyReport, WriterContext } from "../policy/report/model";
import { sortFindings } from "../policy/report/model";
import { writeSarif, type SarifOptions } from "../policy/report/sarif";
import type { Check } from "../policy/types";
import type { Tenant } from "../tenants";
import { htmlChunks } from "./html";
import { tenantInventory, type TenantInventoryRow } from "./inventory";
import { prettyJson } from "./jsonStream";
import { buildManifest, renderManifest, type Manifest, type Provenance } from "./manifest";
import { controlMatrix, type ControlRow } from "./matrix";
import { runbookInventory } from "./runbooks";
import type { BundleFile, WrittenFile } from "./write";

export interface EvidenceInput {
  readonly report: PolicyReport;
  readonly records: readonly ResourceRecord[];
  /** The tenant inventory, when it was built batch by batch (else it is built from `records`). */
  readonly inventory?: readonly TenantInventoryRow[];
  readonly checks: readonly Check[];
  readonly tenants?: readonly Tenant[];
  /** What produced the bundle (tool, commit, operator, time, inputs, config and suppressions). */
  readonly provenance: Provenance;
  readonly tenantsDir?: string;
  /** Where SARIF results point (the tenant-file field that causes a finding); default line 1 of the tenant file. */
  readonly locate?: SarifOptions["locate"];
  /** Validated incident runbooks (CC7.3–CC7.5); the bundle lists them in runbooks.json. */
  readonly runbooks?: readonly Runbook[];
  /** The security page's claims judged on this run (claims.json and a section of report.html). */
  readonly claims?: ClaimsReport;
}

export interface Evidence {
  /** Every file but the manifest, each produced in chunks when written. */
  readonly files: readonly BundleFile[];
  readonly matrix: ControlRow[];
  /** The manifest once the files are written (their digests are known then). */
  manifest(written: readonly WrittenFile[]): Manifest;
}

export const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

const text = (path: string, make: () => string): BundleFile => ({ path, chunks: () => [make()] });
const lines = (path: string, make: () => Iterable<string>): BundleFile => ({ path, chunks: make });

/** The SOC 2 evidence bundle (pure, lazy): control matrix, tenant inventory, findings, reports, HTML; then the manifest. */
export function buildEvidence(input: EvidenceInput): Evidence {
  const { report, provenance } = input;
  const runbooks = input.runbooks !== undefined ? runbookInventory(input.runbooks) : undefined;
  const matrix = controlMatrix(input.checks, report.findings, new Set(runbooks !== undefined ? ["runbooks.json"] : []));
  const inventory = input.inventory ?? tenantInventory(input.records, report.findings, input.tenants);
  const ctx: WriterContext = { checks: input.checks, toolVersion: provenance.toolVersion };

  const files: BundleFile[] = [
    text("README.txt", () => readme(provenance)),
    text("control-matrix.json", () => JSON.stringify(matrix, null, 2) + "\n"),
    lines("control-matrix.csv", function* () {
      yield csvLine(["control", "title", "status", "reasons", "automated_checks", "note", "manual_evidence", "attached_evidence"]);
      for (const c of matrix) {
        const automated = c.automated.map((a) => `${a.policy}: ${a.status} (${a.pass} pass, ${a.fail} fail, ${a.error} error, ${a.manual} manual, ${a.suppressed} suppressed)`);
        yield csvLine([c.control, c.title, c.status, c.reasons.join("\n"), automated.join("\n"), c.note ?? "", c.manualEvidence.join("\n"), c.attached.join(" ")]);
      }
    }),
    lines("tenants.json", function* () {
      yield* prettyJson(inventory, 1, "one-line");
      yield "\n";
    }),
    lines("tenants.csv", function* () {
      const columns = ["tenant", "name", "plan", "region", "domains", "configurationSet", "kmsAlias", "logGroups", "retentionDays", "resources", "pass", "fail", "error", "manual", "suppressed"] as const;
      yield csvLine(columns);
      for (const t of inventory) yield csvLine(columns.map((c) => (Array.isArray(t[c]) ? (t[c] as string[]).join(" ") : t[c])));
    }),
    lines("findings.csv", function* () {
      yield csvLine(["policy", "status", "enforcement", "severity", "urn", "type", "name", "tenant", "message", "controls", "suppression_reason", "suppression_expires"]);
      for (const f of sortFindings(report.findings)) {
        yield csvLine([f.policy, f.status, f.enforcement, f.severity, f.urn, f.type, f.name, f.tenant, f.message, f.controls.join(" "), f.suppression?.reason, f.suppression?.expires]);
      }
    }),
    lines("policy-report.json", function* () {
      yield* prettyJson({ source: report.source, summary: report.summary, findings: report.findings }, 2, "one-line");
      yield "\n";
    }),
    text("policy.sarif", () => JSON.stringify(writeSarif(report, ctx, { tenantsDir: input.tenantsDir ?? "tenants", ...(input.locate !== undefined ? { locate: input.locate } : {}) }), null, 2) + "\n"),
    lines("policy-junit.xml", () => junitChunks(report, ctx)),
    text("policy-report.md", () => writeMarkdown(report) + "\n"),
    ...(runbooks !== undefined ? [text("runbooks.json", () => JSON.stringify(runbooks, null, 2) + "\n")] : []),
    ...(input.claims !== undefined ? [text("claims.json", () => JSON.stringify(input.claims, null, 2) + "\n")] : []),
    lines("report.html", () => htmlChunks({ provenance, report, matrix, inventory, ...(input.claims !== undefined ? { claims: input.claims } : {}) })),
  ];
  return { files, matrix, manifest: (written) => buildManifest(provenance, report, matrix, written) };
}

/** The whole bundle in memory, manifest last (tests and small bundles; the CLI streams with writeBundle). */
export function renderEvidence(evidence: Evidence): { path: string; content: string }[] {
  const out = evidence.files.map((f) => ({ path: f.path, content: [...f.chunks()].join("") }));
  const written = out.map((f) => ({ path: f.path, sha256: sha256(f.content), bytes: Buffer.byteLength(f.content, "utf8") }));
  return [...out, { path: "manifest.json", content: renderManifest(evidence.manifest(written)) }];
}

function readme(p: Provenance): string {
  const dirty = p.git.dirty === true ? " (with uncommitted changes)" : p.git.dirty === "unknown" ? " (working-tree state unknown)" : "";
  return `EmailMate SOC 2 evidence bundle
Generated ${p.generatedAt} by ${p.generatedBy.operator} on ${p.generatedBy.host} with emailmate-ops ${p.toolVersion}, git commit ${p.git.commit}${dirty}.
Period covered: ${p.period.kind === "point-in-time" ? `a point in time (${p.period.from})` : `${p.period.from} to ${p.period.to}`}.

report.html          the whole bundle as one page (opens offline; print to PDF for the audit file), with a sign-off block
control-matrix.*     CC6.1 CC6.7 CC7.2 CC7.3 CC7.4 CC7.5 CC8.1 CC9.2: status, why, automated checks, what to collect by hand
tenants.*            tenant inventory: name, plan, isolation resources (configuration set, KMS key, log groups), retention, results
                     (tenants.json: one tenant per line)
runbooks.json        the incident-response runbooks (validated): steps per phase, approvals, actions (CC7.3-CC7.5)
findings.csv         every check result (pass, fail, error, manual, suppressed, not-evaluated with the reason)
policy-report.json   the same, as JSON (one finding per line); policy.sarif, policy-junit.xml, policy-report.md: the CI formats
manifest.json        provenance (tool, commit, operator, inputs with SHA-256, policy config, suppressions) and the
                     SHA-256 of every other file; verify with: sha256sum -c <(jq -r '.files[]|"\\(.sha256)  \\(.path)"' manifest.json)

Statuses: not-evaluated means nothing was tested (the reason is given); error means a check or the collection of
its data failed. Neither is a pass.
`;
}
