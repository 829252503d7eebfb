import { z } from "zod";
import { ACTION_NAMES } from "./actions";
import { PHASES, type Phase } from "./phases";

/** Severity levels, most severe first. */
export const SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"] as const;
export type Severity = (typeof SEVERITIES)[number];

export { PHASES, type Phase } from "./phases";

/** Parameter types a runbook may declare; `tenant`, `tenants` and `agent` are checked against tenants/. */
export const PARAM_TYPES = ["string", "number", "datetime", "tenant", "tenants", "agent"] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

/** Legal and contractual clocks an incident may run (see src/incident/deadlines.ts). */
export const DEADLINE_KINDS = [
  "gdpr-authority",
  "tenant-notice",
  "phased-updates",
  "california-residents",
  "california-ag",
  "reporter-acknowledge",
  "reporter-triage",
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/**
 * EmailMate's GDPR role for the personal data an incident concerns. processor: the tenants' data (recipients,
 * messages) — we tell the controller (the tenant) without undue delay (Art. 33(2)) and the 72-hour authority clock
 * (Art. 33(1)) is the tenant's. controller: our own data (our customers' account contacts, staff) — we notify the
 * authority within 72 hours. none: not a personal-data breach — no GDPR notices or clocks.
 */
export const GDPR_ROLES = ["processor", "controller", "none"] as const;
export type GdprRole = (typeof GDPR_ROLES)[number];

export const RUNBOOK_ID_PATTERN = /^[a-z][a-z0-9-]{1,62}[a-z0-9]$/;
export const STEP_ID_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
const PARAM_NAME_PATTERN = /^[a-z][a-zA-Z0-9]{0,39}$/;
const ON_FAILURE_PATTERN = /^(abort|continue|step:[a-z][a-z0-9-]{0,62})$/;

export const parameterSchema = z
  .strictObject({
    type: z.enum(PARAM_TYPES).describe(`the parameter's type: ${PARAM_TYPES.join(", ")}`),
    description: z.string().min(1).describe("what the on-call engineer should pass"),
    required: z.boolean().default(true).describe("whether `--param` must give it (default true)"),
    default: z.union([z.string(), z.number()]).optional().describe("value used when the parameter is not given"),
  })
  .describe("one runbook parameter");

export const stepSchema = z
  .strictObject({
    id: z
      .string()
      .regex(STEP_ID_PATTERN, { error: "expected a step id: lower-case letters, digits and '-', starting with a letter; got {value}" })
      .describe("the step id, unique within the runbook"),
    title: z.string().min(1).describe("what the step does, in a few words"),
    action: z.enum(ACTION_NAMES).describe(`the action: one of ${ACTION_NAMES.join(", ")}`),
    inputs: z.record(z.string(), z.unknown()).default({}).describe("the action's inputs; strings may use {{ … }} references"),
    onFailure: z
      .string()
      .regex(ON_FAILURE_PATTERN, { error: "expected abort, continue or step:<id>, got {value}" })
      .default("abort")
      .describe("what happens when the step fails: abort, continue or step:<id> (a later step)"),
    maxAttempts: z.number().int().min(1).max(10).optional().describe("attempts for throttling and transient errors (1-10)"),
    timeoutSeconds: z.number().int().min(1).max(3600).default(60).describe("time allowed for one attempt, in seconds"),
    approval: z
      .strictObject({
        approvers: z.number().int().min(1).max(5).describe("how many people other than the requester must approve"),
      })
      .optional()
      .describe("approval needed before the step runs; required for irreversible actions"),
    assert: z.record(z.string(), z.unknown()).optional().describe("expected outputs after the step (output name: value)"),
  })
  .describe("one runbook step");

const phaseSteps = (phase: Phase) => z.array(stepSchema).default([]).describe(`the ${phase} phase's steps, in order`);

export const runbookSchema = z
  .strictObject({
    id: z
      .string()
      .regex(RUNBOOK_ID_PATTERN, { error: "expected a runbook id: lower-case letters, digits and '-'; got {value}" })
      .describe("the runbook id; equals the file name"),
    title: z.string().min(1).max(120).describe("the runbook's title"),
    description: z.string().min(1).describe("when to use it and what it does"),
    severity: z.enum(SEVERITIES).describe("the default severity: SEV1 (worst) to SEV4"),
    triggers: z.array(z.string().min(1)).min(1).describe("what detects this kind of incident"),
    parameters: z
      .record(z.string().regex(PARAM_NAME_PATTERN, { error: "expected a parameter name in camelCase, got {value}" }), parameterSchema)
      .default({})
      .describe("typed parameters passed with --param name=value"),
    gdprRole: z
      .enum(GDPR_ROLES)
      .default("none")
      .describe(
        "EmailMate's GDPR role when personal data is breached: processor (tenants' data: tell the controller, Art. 33(2)), controller (our own data: the authority within 72 h, Art. 33(1)) or none (not a personal-data breach: no GDPR notices); `incident start --gdpr-role` overrides it",
      ),
    deadlines: z.array(z.enum(DEADLINE_KINDS)).default([]).describe(`the clocks the incident runs: ${DEADLINE_KINDS.join(", ")}`),
    phases: z
      .strictObject({
        detect: phaseSteps("detect"),
        contain: phaseSteps("contain"),
        eradicate: phaseSteps("eradicate"),
        recover: phaseSteps("recover"),
        notify: phaseSteps("notify"),
        postmortem: phaseSteps("postmortem"),
      })
      .describe("the steps of each phase: detect, contain, eradicate, recover, notify, postmortem"),
  })
  .describe("an incident-response runbook");

export type RunbookFile = z.output<typeof runbookSchema>;
export type RunbookStep = z.output<typeof stepSchema>;
export type RunbookParameter = z.output<typeof parameterSchema>;

/** A step with where it sits: its phase and its index in the flattened run order. */
export interface PlacedStep extends RunbookStep {
  readonly phase: Phase;
  readonly index: number;
  /** The field path of the step inside the runbook file (for located errors). */
  readonly path: readonly (string | number)[];
}

/** A validated runbook: the file's content plus its steps flattened in run order. */
export interface Runbook extends RunbookFile {
  readonly file: string;
  readonly steps: readonly PlacedStep[];
}

/** The steps of a runbook in run order (phases in PHASES order). */
export function flattenSteps(file: RunbookFile): PlacedStep[] {
  const out: PlacedStep[] = [];
  for (const phase of PHASES) {
    file.phases[phase].forEach((step, i) => out.push({ ...step, phase, index: out.length, path: ["phases", phase, i] }));
  }
  return out;
}
