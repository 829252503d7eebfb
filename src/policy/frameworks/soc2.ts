/** SOC 2 (2017 Trust Services Criteria, revised points of focus 2022): the controls this project gives evidence for. */
export const SOC2_CONTROLS = ["CC6.1", "CC6.7", "CC7.2", "CC7.3", "CC7.4", "CC7.5", "CC8.1", "CC9.2"] as const;
export type ControlId = (typeof SOC2_CONTROLS)[number];

export interface Soc2Control {
  readonly id: ControlId;
  readonly title: string;
  /** What the control asks, in the auditor's words (abridged). */
  readonly criterion: string;
  /** The security-page promise the control backs, if any. */
  readonly promise?: string;
  /** Evidence to collect by hand: always listed, and the whole story for controls without automated checks. */
  readonly manualEvidence: readonly string[];
  /** What the automated evidence in the bundle does and does not show for this control, where that needs saying. */
  readonly note?: string;
  /** Files of the evidence bundle that support the control, when the bundle has them (e.g. the runbook inventory). */
  readonly attachments?: readonly string[];
}

/** Subprocessors as published on the security page (Vendors section). CC9.2 evidence is collected per vendor. */
export const SUBPROCESSORS = [
  { name: "AWS", purpose: "SES, KMS, CloudWatch" },
  { name: "Vercel", purpose: "hosting, edge, WAF" },
  { name: "Convex", purpose: "database, realtime" },
  { name: "Stripe", purpose: "payments" },
  { name: "PostHog", purpose: "analytics" },
  { name: "Sentry", purpose: "errors" },
] as const;

/** One entry per control: automated checks map to controls in their own metadata (`controls`), not here. */
export const SOC2: readonly Soc2Control[] = [
  {
    id: "CC6.1",
    title: "Logical access security and encryption of assets",
    criterion: "The entity implements logical access security software, infrastructure and architectures over protected information assets, including encryption of data at rest and segregation of tenants.",
    promise: "At rest — AES-256 for all stored data; per-tenant keys; every customer gets a dedicated SES configuration set.",
    manualEvidence: [
      "IAM access review: who can administer KMS keys and read tenant log groups (export of IAM policies, signed review)",
      "Convex and Vercel encryption-at-rest statements from the vendors' SOC 2 reports",
    ],
  },
  {
    id: "CC6.7",
    title: "Protection of information in transmission",
    criterion: "The entity restricts the transmission, movement and removal of information to authorized parties and protects it during transmission.",
    promise: "In transit — TLS 1.3 everywhere. HSTS enforced on emailmate.dev.",
    manualEvidence: ["An external TLS scan of emailmate.dev and the API endpoints (e.g. testssl.sh output) showing TLS 1.3 only and HSTS"],
  },
  {
    id: "CC7.2",
    title: "Monitoring of system components for anomalies",
    criterion: "The entity monitors system components and their operation for anomalies indicative of malicious acts, natural disasters and errors.",
    promise: "Every administrative action is logged with actor, timestamp, IP and user-agent; logs are retained for 1 year.",
    manualEvidence: ["Screenshots or exports of the SES reputation alarms and their notification history for the period"],
  },
  {
    id: "CC7.3",
    title: "Evaluation of security events",
    criterion: "The entity evaluates security events to determine whether they could or have resulted in a failure to meet its objectives (security incidents).",
    attachments: ["runbooks.json"],
    manualEvidence: ["Triage records of security events in the period (incident journal entries under .incidents/, tickets)"],
  },
  {
    id: "CC7.4",
    title: "Response to security incidents",
    criterion: "The entity responds to identified security incidents by executing a defined incident-response program.",
    promise: "detect → contain → eradicate → recover → notify → post-mortem; customers notified within 72 hours (GDPR Art. 33).",
    attachments: ["runbooks.json"],
    manualEvidence: [
      "The incident runbooks (runbooks/*.yaml) and their review dates",
      "For each incident: the journal, approvals, and the notice sent with its timestamp (72-hour deadline)",
    ],
  },
  {
    id: "CC7.5",
    title: "Recovery from security incidents",
    criterion: "The entity identifies, develops and implements activities to recover from identified security incidents.",
    attachments: ["runbooks.json"],
    manualEvidence: ["Post-mortems of incidents in the period, with follow-up actions and their status", "Evidence of a restore or key-rotation drill"],
  },
  {
    id: "CC8.1",
    title: "Change management",
    criterion: "The entity authorizes, designs, develops, tests, approves and implements changes to infrastructure, data, software and procedures.",
    note:
      "No automated check tests change management. This bundle shows only which commit produced it and whether the working tree had uncommitted changes (manifest.json: git); it does not show that changes were reviewed, approved or tested before release.",
    manualEvidence: [
      "Pull-request history for tenants/, stacks/ and src/ over the period: each merged change with its reviewer's approval and the CI policy-check result (SARIF/JUnit artefacts)",
      "Branch-protection settings of the repository (required reviews, required status checks, no force-push to main), exported with the date",
      "Deployment history (pulumi stack history for each stack) matched to merged pull requests: no deployment without an approved change",
      "Emergency changes in the period, with their after-the-fact review",
    ],
  },
  {
    id: "CC9.2",
    title: "Vendor and business-partner risk management",
    criterion: "The entity assesses and manages risks associated with vendors and business partners.",
    promise: "Subprocessor list published on the security page.",
    manualEvidence: SUBPROCESSORS.map((s) => `${s.name} (${s.purpose}): current SOC 2 report or equivalent, signed DPA, and last review date`),
  },
];

export function soc2Control(id: ControlId): Soc2Control {
  const found = SOC2.find((c) => c.id === id);
  if (found === undefined) throw new Error(`unknown SOC 2 control ${id}`);
  return found;
}
