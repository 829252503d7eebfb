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
      steps: { detect: 2, contain: 3, eradicate: 2, recover: 3, notify: 2, postmortem: 2 },
      emptyPhases: [],
      approvals: 2,
      actions: ["audit.record", "aws.kms.describeKey", "aws.kms.disableKey", "aws.kms.enableKey", "aws.kms.rotateKeyOnDemand", "aws.ses.pauseSending", "aws.ses.resumeSending", "manual", "notify.draft"],
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
