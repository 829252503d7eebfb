import { createHash } from "node:crypto";
import { stringify } from "csv-stringify/sync";
import type { ResourceRecord } from "../core/resource";
import { writeJunit } from "../policy/report/junit";
import { writeMarkdown } from "../policy/report/markdown";
import type { PolicyReport, WriterContext } from "../policy/report/model";
import { sortFindings } from "../policy/report/model";
import { writeSarif, type SarifOptions } from "../policy/report/sarif";
import type { Check } from "../policy/types";
import type { Tenant } from "../tenants";
import { renderHtml } from "./html";
import { tenantInventory } from "./inventory";
import { controlMatrix, type ControlRow } from "./matrix";
import { runbookInventory } from "./runbooks";
import type { Runbook } from "../incident/schema";

export interface EvidenceInput {
  readonly report: PolicyReport;
  readonly records: readonly ResourceRecord[];
  readonly checks: readonly Check[];
  readonly tenants?: readonly Tenant[];
  /** From the clock. */
  readonly generatedAt: Date;
  /** The commit the bundle was made from, or "unknown". */
  readonly gitCommit: string;
  readonly toolVersion: string;
  readonly tenantsDir?: string;
  /** Where SARIF results point (the tenant-file field that causes a finding); default line 1 of the tenant file. */
  readonly locate?: SarifOptions["locate"];
  /** Validated incident runbooks (CC7.3–CC7.5); the bundle lists them in runbooks.json. */
  readonly runbooks?: readonly Runbook[];
}

export interface EvidenceFile {
  readonly path: string;
  readonly content: string;
}

export interface ManifestEntry {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface Manifest {
  readonly kind: "emailmate-ops/soc2-evidence";
  readonly version: 1;
  readonly generatedAt: string;
  readonly gitCommit: string;
  readonly toolVersion: string;
  readonly source: PolicyReport["source"];
  readonly summary: PolicyReport["summary"];
  readonly controls: readonly { control: string; status: ControlRow["status"] }[];
  /** Every other file of the bundle with its SHA-256 (the manifest cannot hash itself). */
  readonly files: readonly ManifestEntry[];
}

export const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

/** The SOC 2 evidence bundle as files (pure): control matrix, tenant inventory, findings, reports, HTML, manifest. */
export function buildEvidence(input: EvidenceInput): { files: EvidenceFile[]; manifest: Manifest; matrix: ControlRow[] } {
  const { report } = input;
  const generatedAt = input.generatedAt.toISOString();
  const runbooks = input.runbooks !== undefined ? runbookInventory(input.runbooks) : undefined;
  const matrix = controlMatrix(input.checks, report.findings, new Set(runbooks !== undefined ? ["runbooks.json"] : []));
  const inventory = tenantInventory(input.records, report.findings, input.tenants);
  const ctx: WriterContext = { checks: input.checks, toolVersion: input.toolVersion };
  const findings = sortFindings(report.findings);

  const files: EvidenceFile[] = [
    { path: "README.txt", content: readme(generatedAt, input.gitCommit, input.toolVersion) },
    { path: "control-matrix.json", content: JSON.stringify(matrix, null, 2) + "\n" },
    {
      path: "control-matrix.csv",
      content: stringify(
        matrix.map((c) => [
          c.control,
          c.title,
          c.status,
          c.automated.map((a) => `${a.policy}: ${a.pass} pass, ${a.fail} fail, ${a.manual} manual, ${a.suppressed} suppressed`).join("\n"),
          c.manualEvidence.join("\n"),
          c.attached.join(" "),
        ]),
        { header: true, columns: ["control", "title", "status", "automated_checks", "manual_evidence", "attached_evidence"] },
      ),
    },
    { path: "tenants.json", content: JSON.stringify(inventory, null, 2) + "\n" },
    {
      path: "tenants.csv",
      content: stringify(
        inventory.map((t) => ({ ...t, domains: t.domains.join(" "), logGroups: t.logGroups.join(" ") })),
        {
          header: true,
          columns: ["tenant", "name", "plan", "region", "domains", "configurationSet", "kmsAlias", "logGroups", "retentionDays", "resources", "pass", "fail", "manual", "suppressed"],
        },
      ),
    },
    {
      path: "findings.csv",
      content: stringify(
        findings.map((f) => ({
          ...f,
          tenant: f.tenant ?? "",
          controls: f.controls.join(" "),
          suppression_reason: f.suppression?.reason ?? "",
          suppression_expires: f.suppression?.expires ?? "",
        })),
        {
          header: true,
          columns: ["policy", "status", "enforcement", "severity", "urn", "type", "name", "tenant", "message", "controls", "suppression_reason", "suppression_expires"],
        },
      ),
    },
    { path: "policy-report.json", content: JSON.stringify({ source: report.source, summary: report.summary, findings: report.findings }, null, 2) + "\n" },
    { path: "policy.sarif", content: JSON.stringify(writeSarif(report, ctx, { tenantsDir: input.tenantsDir ?? "tenants", ...(input.locate !== undefined ? { locate: input.locate } : {}) }), null, 2) + "\n" },
    { path: "policy-junit.xml", content: writeJunit(report, ctx) },
    { path: "policy-report.md", content: writeMarkdown(report) + "\n" },
    ...(runbooks !== undefined ? [{ path: "runbooks.json", content: JSON.stringify(runbooks, null, 2) + "\n" }] : []),
    { path: "report.html", content: renderHtml({ generatedAt, gitCommit: input.gitCommit, toolVersion: input.toolVersion, report, matrix, inventory }) },
  ];
  const manifest: Manifest = {
    kind: "emailmate-ops/soc2-evidence",
    version: 1,
    generatedAt,
    gitCommit: input.gitCommit,
    toolVersion: input.toolVersion,
    source: report.source,
    summary: report.summary,
    controls: matrix.map((c) => ({ control: c.control, status: c.status })),
    files: files.map((f) => ({ path: f.path, sha256: sha256(f.content), bytes: Buffer.byteLength(f.content, "utf8") })),
  };
  return { files: [...files, { path: "manifest.json", content: JSON.stringify(manifest, null, 2) + "\n" }], manifest, matrix };
}

function readme(generatedAt: string, commit: string, version: string): string {
  return `EmailMate SOC 2 evidence bundle
Generated ${generatedAt} by emailmate-ops ${version} from git commit ${commit}.

report.html          the whole bundle as one page (opens offline; print to PDF for the audit file)
control-matrix.*     CC6.1 CC6.7 CC7.2 CC7.3 CC7.4 CC7.5 CC8.1 CC9.2: automated checks with results, and what to collect by hand
tenants.*            tenant inventory: isolation resources (configuration set, KMS key, log groups), retention, results
runbooks.json        the incident-response runbooks (validated): steps per phase, approvals, actions (CC7.3-CC7.5)
findings.csv         every check result on every resource (pass, fail, manual, suppressed)
policy-report.json   the same, as JSON; policy.sarif, policy-junit.xml, policy-report.md: the CI formats
manifest.json        SHA-256 of every other file; verify with: sha256sum -c <(jq -r '.files[]|"\\(.sha256)  \\(.path)"' manifest.json)
`;
}
