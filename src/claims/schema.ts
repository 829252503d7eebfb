import { z } from "zod";

const ID = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
const POLICY_ID = /^[a-z0-9]+(-[a-z0-9]+)+$/;

/** The ways a claim can be shown. Each evidence item is one of these keys. */
export const EVIDENCE_KINDS = ["check", "probe", "runbook", "verifier", "manual"] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

const checkEvidence = z
  .strictObject({
    check: z
      .string({ error: "expected a policy check id such as aws-kms-key-enable-key-rotation" })
      .regex(POLICY_ID, { error: "expected a policy check id such as aws-kms-key-enable-key-rotation, got {value}" })
      .describe("a policy check id (emailmate-ops policy list): every finding of it must pass"),
  })
  .describe("a policy check");

const probeEvidence = z
  .strictObject({
    probe: z
      .string({ error: "expected a probe check id such as tls.1_3-offered" })
      .regex(/^[a-z0-9_.-]+$/, { error: "expected a probe check id such as tls.1_3-offered, got {value}" })
      .describe("a probe check id (emailmate-ops probe --json): tls.1_3-offered, hsts.preload, security-txt.valid, …"),
    target: z.string({ error: "expected the probed URL or domain" }).min(1).describe("the URL (https://…) or mail domain the probe targets"),
  })
  .describe("an outside-in probe result");

const runbookEvidence = z
  .strictObject({
    runbook: z
      .string({ error: "expected a runbook id, or * for every runbook" })
      .regex(/^(\*|[a-z][a-z0-9-]*)$/, { error: "expected a runbook id, or * for every runbook, got {value}" })
      .describe("a runbook id (runbooks/<id>.yaml), or * for every runbook"),
    phases: z.boolean().optional().describe("require a step in every phase: detect, contain, eradicate, recover, notify, postmortem"),
    deadlines: z.array(z.string().min(1)).optional().describe("deadline kinds the runbook must run (e.g. gdpr-authority, tenant-notice)"),
  })
  .describe("an incident runbook");

const verifierEvidence = z
  .strictObject({
    verifier: z
      .string({ error: "expected a verifier id such as audit.event-fields" })
      .regex(ID, { error: "expected a verifier id such as audit.event-fields, got {value}" })
      .describe("a verifier (src/claims/verifiers): code that exercises the project's own modules"),
  })
  .describe("a verifier");

const manualEvidence = z
  .strictObject({
    manual: z.string({ error: "expected what a person must show" }).min(5).describe("what a person must collect or attest"),
    owner: z.string({ error: "expected the owner (a role or team)" }).min(2).describe("who owns the control (a role or team)"),
    control: z.string().regex(/^CC\d+\.\d+$/, { error: "expected a SOC 2 criterion such as CC9.2, got {value}" }).optional().describe("the SOC 2 criterion it supports"),
  })
  .describe("a manual control");

export const evidenceSchema = z.union([checkEvidence, probeEvidence, runbookEvidence, verifierEvidence, manualEvidence], {
  error: "expected one evidence item: {check}, {probe, target}, {runbook}, {verifier} or {manual, owner}",
});
export type ClaimEvidence = z.output<typeof evidenceSchema>;

export const claimSchema = z
  .strictObject({
    id: z
      .string({ error: "expected a claim id such as encryption.in-transit" })
      .regex(ID, { error: "expected a claim id of lower-case words joined by . or -, got {value}" })
      .describe("a stable id for the claim"),
    text: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)], { error: "expected the page's sentence (or a list of consecutive sentences)" })
      .describe("the sentence of the page, word for word (or a list of sentences that form one claim)"),
    evidence: z.array(evidenceSchema).min(1, { error: "expected at least one evidence item" }).describe("how the claim is shown"),
    overstatement: z
      .strictObject({
        reason: z.string().min(10).describe("why the page promises more than can be shown"),
        suggestion: z.string().min(5).describe("a wording that can be shown"),
      })
      .optional()
      .describe("where the page promises more than can be shown"),
  })
  .describe("one claim of the security page");

export const claimsFileSchema = z
  .strictObject({
    page: z.string().min(1).describe("the security page, relative to this file's folder"),
    claims: z.array(claimSchema).describe("every sentence of the page, mapped to its proof"),
  })
  .describe("the security page's claims");

export type ClaimSpec = z.output<typeof claimSchema>;
export type ClaimsFile = z.output<typeof claimsFileSchema>;
