import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/config/diagnostics";
import { ACTION_NAMES, actionSpec } from "../../src/incident/actions";
import { executorFor } from "../../src/incident/executors";
import { loadRunbooks, parseRunbookText } from "../../src/incident/load";
import { tenantFsAt } from "../../src/tenants";
import { REPO } from "./harness";

const BASE = `id: test-runbook
title: Test runbook
description: a runbook for tests
severity: SEV3
triggers: [a test]
parameters:
  tenant: { type: tenant, description: the tenant }
phases:
  contain:
    - id: pause
      title: Pause
      action: aws.ses.pauseSending
      inputs: { tenant: "{{ params.tenant }}" }
    - id: disable
      title: Disable
      action: aws.kms.disableKey
      inputs: { key: "{{ tenant.names.kmsAlias }}" }
      approval: { approvers: 1 }
`;

const problems = (text: string) => parseRunbookText("runbooks/test-runbook.yaml", text).diagnostics.map(formatDiagnostic);

describe("src/incident/load", () => {
  it("accepts the base runbook", () => {
    expect(problems(BASE)).toEqual([]);
  });

  it("flattens the phases into run order with each step's phase and path", () => {
    const rb = parseRunbookText("runbooks/test-runbook.yaml", BASE).runbook!;
    expect(rb.steps.map((s) => `${s.index} ${s.phase} ${s.id} ${s.path.join(".")}`)).toEqual(["0 contain pause phases.contain.0", "1 contain disable phases.contain.1"]);
  });

  it("locates an unknown action with the list of real ones", () => {
    expect(problems(BASE.replace("action: aws.ses.pauseSending", "action: aws.ses.pause"))[0]).toMatch(
      /^runbooks\/test-runbook\.yaml:12:15: E_VALUE phases\.contain\.0\.action: expected the action: one of manual, approve, wait, aws\.ses\.pauseSending/,
    );
  });

  it("locates an unknown step key with a suggestion", () => {
    expect(problems(BASE.replace("      title: Pause\n", "      title: Pause\n      onfailure: abort\n"))).toEqual([
      'runbooks/test-runbook.yaml:12:7: E_UNKNOWN_KEY phases.contain.0.onfailure: unknown key "onfailure"; did you mean "onFailure"?',
    ]);
  });

  it("requires approval for an irreversible action", () => {
    expect(problems(BASE.replace("      approval: { approvers: 1 }\n", ""))).toEqual([
      'runbooks/test-runbook.yaml:14:7: E_REQUIRED phases.contain.1: missing required key "approval": aws.kms.disableKey is irreversible, so it needs approval (approval: { approvers: 1 })',
    ]);
  });

  it("refuses automatic retries of a non-idempotent action", () => {
    const text = BASE.replace("action: aws.kms.disableKey", "action: aws.kms.rotateKeyOnDemand").replace("      approval:", "      maxAttempts: 3\n      approval:");
    expect(problems(text)).toEqual([
      "runbooks/test-runbook.yaml:18:20: E_VALUE phases.contain.1.maxAttempts: aws.kms.rotateKeyOnDemand is not idempotent and is never retried automatically; expected maxAttempts 1 or none",
    ]);
  });

  it("locates an unknown reference at the input that holds it", () => {
    expect(problems(BASE.replace("{{ params.tenant }}", "{{ params.tenantId }}"))).toEqual([
      'runbooks/test-runbook.yaml:13:25: E_REFERENCE phases.contain.0.inputs.tenant: {{ params.tenantId }}: unknown parameter "tenantId"; declared: tenant',
    ]);
  });

  it("locates a reference to a step that runs later", () => {
    const text = BASE.replace("{{ params.tenant }}", "{{ steps.disable.outputs.keyId }}");
    expect(problems(text)).toEqual([
      'runbooks/test-runbook.yaml:13:25: E_REFERENCE phases.contain.0.inputs.tenant: {{ steps.disable.outputs.keyId }}: step "disable" does not run before step "pause"; expected an earlier step',
    ]);
  });

  it("locates a reference to an output the step does not have", () => {
    const text = BASE.replace("{{ tenant.names.kmsAlias }}", "{{ steps.pause.outputs.keyId }}");
    expect(problems(text)).toEqual([
      'runbooks/test-runbook.yaml:17:22: E_REFERENCE phases.contain.1.inputs.key: {{ steps.pause.outputs.keyId }}: step "pause" (aws.ses.pauseSending) has no output "keyId"; expected one of configurationSet, sendingEnabled',
    ]);
  });

  it("locates a reference to a tenant field that does not exist", () => {
    expect(problems(BASE.replace("{{ tenant.names.kmsAlias }}", "{{ tenant.contacts.phone }}"))).toEqual([
      'runbooks/test-runbook.yaml:17:22: E_REFERENCE phases.contain.1.inputs.key: {{ tenant.contacts.phone }}: tenant.contacts has no field "phone"; expected one of security, dpo',
    ]);
  });

  it("locates an onFailure target that is not a later step", () => {
    expect(problems(BASE.replace("      approval: { approvers: 1 }\n", "      approval: { approvers: 1 }\n      onFailure: step:pause\n"))).toEqual([
      'runbooks/test-runbook.yaml:19:18: E_REFERENCE phases.contain.1.onFailure: step "pause" does not come after "disable"; expected a later step (no loops)',
    ]);
  });

  it("locates a duplicate step id at the second use", () => {
    expect(problems(BASE.replace("- id: disable", "- id: pause"))).toEqual([
      "runbooks/test-runbook.yaml:14:11: E_DUPLICATE_ID phases.contain.1.id: step id \"pause\" is already used at phases.contain.0; expected step ids unique within the runbook",
    ]);
  });

  it("locates an unknown input key of an action", () => {
    expect(problems(BASE.replace('inputs: { tenant: "{{ params.tenant }}" }', 'inputs: { tenant: "{{ params.tenant }}", region: eu-west-1 }'))).toEqual([
      'runbooks/test-runbook.yaml:13:48: E_UNKNOWN_KEY phases.contain.0.inputs.region: unknown input "region" for aws.ses.pauseSending; expected one of: tenant',
    ]);
  });

  it("reports a required input of a step that has no inputs at all as missing, at the step", () => {
    expect(problems(BASE.replace('      inputs: { tenant: "{{ params.tenant }}" }\n', ""))).toEqual([
      'runbooks/test-runbook.yaml:10:7: E_REQUIRED phases.contain.0.inputs: missing required key "tenant"',
    ]);
  });

  it("locates an assert on an output the action does not have", () => {
    expect(problems(BASE.replace('      inputs: { tenant: "{{ params.tenant }}" }\n', '      inputs: { tenant: "{{ params.tenant }}" }\n      assert: { keyState: Disabled }\n'))).toEqual([
      'runbooks/test-runbook.yaml:14:17: E_UNKNOWN_KEY phases.contain.0.assert.keyState: aws.ses.pauseSending has no output "keyState"; expected one of configurationSet, sendingEnabled',
    ]);
  });

  it("requires the id to equal the file name", () => {
    expect(problems(BASE.replace("id: test-runbook", "id: other-runbook"))).toEqual([
      'runbooks/test-runbook.yaml:1:5: E_ID_MISMATCH id: id "other-runbook" must equal the file name; expected "test-runbook"',
    ]);
  });
  it("checks a wait's state: a read action, and outputs it has", () => {
    const text = BASE.replace(
      "      approval: { approvers: 1 }\n",
      "      approval: { approvers: 1 }\n    - id: settle\n      title: Settle\n      action: wait\n      inputs:\n        state:\n          action: aws.kms.describeKey\n          inputs: { key: \"{{ tenant.names.kmsAlias }}\" }\n          expect: { sendingEnabled: false }\n",
    );
    expect(problems(text)).toEqual([
      'runbooks/test-runbook.yaml:26:21: E_UNKNOWN_KEY phases.contain.2.inputs.state.expect.sendingEnabled: aws.kms.describeKey has no output "sendingEnabled"; expected one of keyId, arn, keyState, enabled',
    ]);
  });
});

describe("runbooks/ (meta)", () => {
  const files = readdirSync(join(REPO, "runbooks")).filter((f) => f.endsWith(".yaml"));

  it("ships the six runbooks the issue asks for", () => {
    expect(files.sort()).toEqual(["kms-key-compromise.yaml", "leaked-api-key.yaml", "personal-data-breach.yaml", "subprocessor-incident.yaml", "tenant-reputation.yaml", "vulnerability-report.yaml"]);
  });

  it("keeps every shipped runbook valid", () => {
    const set = loadRunbooks(["runbooks"], tenantFsAt(REPO));
    expect(set.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(set.runbooks).toHaveLength(6);
  });

  it("names only real actions, each with an executor unless a person or the runner does it", () => {
    const set = loadRunbooks(["runbooks"], tenantFsAt(REPO));
    const used = new Set(set.runbooks.flatMap((r) => r.steps.map((s) => s.action)));
    for (const action of used) expect(ACTION_NAMES).toContain(action);
    const withoutExecutor = ACTION_NAMES.filter((a) => executorFor(a) === undefined);
    expect(withoutExecutor).toEqual(["manual", "approve", "wait"]);
    expect(ACTION_NAMES.filter((a) => actionSpec(a).kind === "aws").every((a) => actionSpec(a).calls !== undefined)).toBe(true);
  });
});
