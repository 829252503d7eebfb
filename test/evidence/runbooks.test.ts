import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runbookInventory } from "../../src/evidence/runbooks";
import { loadRunbooks, parseRunbookText } from "../../src/incident/load";
import { tenantFsAt } from "../../src/tenants";

const root = join(__dirname, "..", "..");

describe("src/evidence/runbooks runbookInventory", () => {
  const set = loadRunbooks(["runbooks"], tenantFsAt(root));

  it("counts steps per phase, approvals and actions of each runbook", () => {
    expect(set.diagnostics).toEqual([]);
    expect(runbookInventory(set.runbooks).find((r) => r.id === "kms-key-compromise")).toEqual({
      id: "kms-key-compromise",
      title: "A tenant's KMS key may be compromised",
      severity: "SEV1",
      file: "runbooks/kms-key-compromise.yaml",
      steps: { detect: 2, contain: 6, eradicate: 3, recover: 2, notify: 2, postmortem: 3 },
      emptyPhases: [],
      approvals: 1,
      actions: [
        "audit.record",
        "aws.kms.createReplacementKey",
        "aws.kms.describeKey",
        "aws.kms.retireKey",
        "aws.kms.updateAlias",
        "aws.logs.associateKmsKey",
        "aws.sns.setTopicKey",
        "manual",
        "notify.draft",
        "tenant.recordKeyReplacement",
        "wait",
      ],
    });
  });

  it("names the phases a runbook leaves empty", () => {
    const text = `id: tiny
title: A tiny runbook
description: Only detects.
severity: SEV4
triggers: [a person notices]
phases:
  detect:
    - id: look
      title: Look
      action: manual
      inputs:
        instructions: Look at the dashboard.
  contain: []
  eradicate: []
  recover: []
  notify: []
  postmortem: []
`;
    const parsed = parseRunbookText("runbooks/tiny.yaml", text);
    expect(parsed.diagnostics).toEqual([]);
    expect(runbookInventory([parsed.runbook!])[0]?.emptyPhases).toEqual(["contain", "eradicate", "recover", "notify", "postmortem"]);
  });
});
