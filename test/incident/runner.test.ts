import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DiagnosticsError } from "../../src/config/diagnostics";
import { OpsError } from "../../src/core/errors";
import { Journal } from "../../src/incident/journal";
import { runIncident } from "../../src/incident/runner";
import { scratch } from "../support/tmp";
import { memoryPorts, type MemoryPorts } from "./memoryPorts";
import { movableClock, openTest, runOptions } from "./harness";

const RUNBOOK = `id: test-runbook
title: Test runbook
description: for the runner's tests
severity: SEV3
triggers: [a test]
parameters:
  tenant: { type: tenant, description: the tenant }
phases:
  detect:
    - id: look
      title: Look at sending
      action: aws.ses.describe
      inputs: { tenant: "{{ params.tenant }}" }
  contain:
    - id: pause
      title: Pause sending
      action: aws.ses.pauseSending
      inputs: { tenant: "{{ params.tenant }}" }
      maxAttempts: 3
      assert: { sendingEnabled: false }
    - id: check
      title: Check by hand
      action: manual
      inputs: { instructions: "Check {{ tenant.names.configurationSet }}" }
  eradicate:
    - id: disable
      title: Disable the key
      action: aws.kms.disableKey
      inputs: { key: "{{ tenant.names.kmsAlias }}" }
      approval: { approvers: 1 }
    - id: enable
      title: Enable the key again (KMS rotates only enabled keys)
      action: aws.kms.enableKey
      inputs: { key: "{{ tenant.names.kmsAlias }}" }
    - id: rotate
      title: Rotate the key
      action: aws.kms.rotateKeyOnDemand
      inputs: { key: "{{ tenant.names.kmsAlias }}" }
      approval: { approvers: 1 }
`;

describe("src/incident/runner", () => {
  let tmp: ReturnType<typeof scratch>;
  let ports: MemoryPorts;
  const clock = movableClock("2026-11-29T12:00:00Z");

  beforeEach(() => {
    tmp = scratch("incident-runner-");
    ports = memoryPorts();
  });
  afterEach(() => tmp.cleanup());

  const open = (text = RUNBOOK, params = ["tenant=acme"]) => openTest(tmp.dir, text, params, clock);
  const run = (inc: ReturnType<typeof open>, over: Parameters<typeof runOptions>[1] = {}) =>
    runIncident({ journal: inc.journal, runbook: inc.runbook, folder: inc.folder, tenants: inc.tenants, ports }, runOptions(clock, over));
  const types = (inc: ReturnType<typeof open>) => Journal.open(inc.journal.file).entries.map((e) => `${e.type}${e.data.step ? ":" + String(e.data.step) : ""}`);

  it("dry run (the default) never calls AWS and journals each AWS step as planned with its exact calls", async () => {
    const inc = open();
    const result = await run(inc, { execute: false });
    expect(ports.calls).toEqual([]);
    expect(result.state).toBe("dry-run");
    const planned = Journal.open(inc.journal.file).entries.filter((e) => e.type === "step.planned");
    expect(planned.map((e) => e.data.step)).toEqual(["look", "pause", "disable", "enable", "rotate"]);
    expect(planned[1]!.data.calls).toEqual([
      { service: "sesv2", operation: "PutConfigurationSetSendingOptions", input: { ConfigurationSetName: "tenant-acme", SendingEnabled: false } },
      { service: "sesv2", operation: "GetConfigurationSet", input: { ConfigurationSetName: "tenant-acme" } },
    ]);
    expect(result.planned.map((p) => `${p.step}${p.needs ? ` needs ${p.needs}` : ""}`)).toEqual(["look", "pause", "check needs confirmation", "disable needs 1 approval(s)", "enable", "rotate needs 1 approval(s)"]);
  });

  it("dry run works without any AWS ports at all", async () => {
    const inc = open();
    const result = await runIncident({ journal: inc.journal, runbook: inc.runbook, folder: inc.folder, tenants: inc.tenants }, runOptions(clock, { execute: false }));
    expect(result.state).toBe("dry-run");
  });

  it("executes AWS steps in order and stops at a manual step without a terminal", async () => {
    const inc = open();
    const result = await run(inc);
    expect([result.state, result.step, result.executed]).toEqual(["awaiting-confirmation", "check", ["look", "pause"]]);
    expect(ports.calls).toEqual(["GetConfigurationSet", "PutLogEvents", "PutConfigurationSetSendingOptions", "GetConfigurationSet", "PutLogEvents"]);
    expect(ports.sending.get("tenant-acme")).toBe(false);
  });

  it("writes an audit event per executed action: actor, time, host, action, inputs digest, outcome", async () => {
    const inc = open();
    await run(inc);
    const pause = ports.audited.find((e) => e.metadata?.step === "pause")!;
    expect({ ...pause, eventId: "-", metadata: { ...pause.metadata, inputsDigest: typeof pause.metadata?.inputsDigest } }).toEqual({
      eventId: "-",
      tenant: "acme",
      actor: { type: "user", id: "alice" },
      action: "incident.action",
      target: `${inc.id}/pause`,
      timestamp: "2026-11-29T12:00:00.000Z",
      ip: "192.0.2.10",
      userAgent: "emailmate-ops/test incident-runner",
      outcome: "success",
      metadata: { incident: inc.id, runbook: "test-runbook", step: "pause", stepAction: "aws.ses.pauseSending", kind: "step.succeeded", inputsDigest: "string", host: "test-host", attempt: 1 },
    });
  });

  it("needs approval for an irreversible action even with --execute, and refuses self-approval", async () => {
    const inc = open();
    const first = await run(inc, { confirm: new Map([["check", "checked the dashboard"]]) });
    expect([first.state, first.step]).toEqual(["awaiting-approval", "disable"]);
    const self = await run(inc, { approve: new Set(["disable"]) }).catch((e: unknown) => e);
    expect(self).toBeInstanceOf(OpsError);
    expect([(self as OpsError).code, (self as OpsError).exitCode, (self as OpsError).message]).toEqual([
      "E_SELF_APPROVAL",
      2,
      "alice requested step disable and cannot approve it: nobody approves their own request",
    ]);
    expect(ports.calls.filter((c) => c === "DisableKey")).toEqual([]);
  });

  it("runs an approved irreversible action once another person approves", async () => {
    const inc = open();
    await run(inc, { confirm: new Map([["check", "checked"]]) });
    const bob = await run(inc, { approve: new Set(["disable"]), operator: { actor: "bob", host: "h2", ip: "192.0.2.11", userAgent: "ua", verified: true } });
    expect([bob.state, bob.step]).toEqual(["awaiting-approval", "rotate"]);
    expect(ports.calls.filter((c) => c === "DisableKey" || c === "EnableKey")).toEqual(["DisableKey", "EnableKey"]);
    expect(ports.calls.filter((c) => c === "DisableKey")).toHaveLength(1);
    const granted = Journal.open(inc.journal.file).entries.filter((e) => e.type.startsWith("approval."));
    expect(granted.map((e) => `${e.type} ${String(e.data.step)} ${String(e.data.by)}`)).toEqual(["approval.requested disable alice", "approval.granted disable bob", "approval.requested rotate bob"]);
  });

  it("retries throttling with backoff up to maxAttempts, then succeeds", async () => {
    const inc = open();
    ports.failNext("PutConfigurationSetSendingOptions", 2);
    const opts = runOptions(clock);
    const result = await runIncident({ journal: inc.journal, runbook: inc.runbook, folder: inc.folder, tenants: inc.tenants, ports }, opts);
    expect(result.executed).toEqual(["look", "pause"]);
    expect(opts.delays).toEqual([100, 200]);
    expect(types(inc).filter((t) => t.endsWith(":pause"))).toEqual([
      "step.started:pause",
      "step.failed:pause",
      "audit.recorded:pause",
      "step.started:pause",
      "step.failed:pause",
      "audit.recorded:pause",
      "step.started:pause",
      "step.succeeded:pause",
      "audit.recorded:pause",
    ]);
  });

  it("follows onFailure abort once attempts are used up", async () => {
    const inc = open();
    ports.failNext("PutConfigurationSetSendingOptions", 3);
    const result = await run(inc);
    expect([result.state, result.step]).toEqual(["aborted", "pause"]);
    expect(result.message).toMatch(/^ABORTED: step pause failed: SES v2 PutConfigurationSetSendingOptions failed: ThrottlingException: ThrottlingException from memory;/);
    expect(ports.calls.filter((c) => c === "PutConfigurationSetSendingOptions")).toHaveLength(3);
  });

  it("does not retry an error that is not transient", async () => {
    const inc = open();
    ports.failNext("GetConfigurationSet", 1, "AccessDeniedException", 403);
    const opts = runOptions(clock);
    const result = await runIncident({ journal: inc.journal, runbook: inc.runbook, folder: inc.folder, tenants: inc.tenants, ports }, opts);
    expect([result.state, result.step, opts.delays]).toEqual(["aborted", "look", []]);
  });

  it("continues past a failed step with onFailure continue", async () => {
    const inc = open(RUNBOOK.replace("inputs: { tenant: \"{{ params.tenant }}\" }\n  contain:", "inputs: { tenant: \"{{ params.tenant }}\" }\n      onFailure: continue\n  contain:"));
    ports.failNext("GetConfigurationSet", 1, "AccessDeniedException", 403);
    const result = await run(inc);
    expect([result.state, result.step, result.executed]).toEqual(["awaiting-confirmation", "check", ["pause"]]);
  });

  it("jumps to the named step with onFailure step:<id>, skipping the steps between", async () => {
    const inc = open(RUNBOOK.replace("inputs: { tenant: \"{{ params.tenant }}\" }\n  contain:", "inputs: { tenant: \"{{ params.tenant }}\" }\n      onFailure: step:check\n  contain:"));
    ports.failNext("GetConfigurationSet", 1, "AccessDeniedException", 403);
    const result = await run(inc);
    expect([result.state, result.step]).toEqual(["awaiting-confirmation", "check"]);
    expect(types(inc)).toContain("step.skipped:pause");
    expect(ports.calls).not.toContain("PutConfigurationSetSendingOptions");
  });

  it("reconciles a started action without outcome by reading AWS state, and does not repeat it when it was done", async () => {
    const inc = open();
    await run(inc, { execute: true });
    const j = Journal.open(inc.journal.file);
    // Simulate a crash right after the call: the journal says started, AWS says done.
    const started = j.entries.find((e) => e.type === "step.started" && e.data.step === "pause")!;
    const crashed = openTest(tmp.dir, RUNBOOK, ["tenant=acme"], clock);
    crashed.journal.append("step.succeeded", { step: "look", attempt: 1, outputs: {} }, clock.now());
    crashed.journal.append("step.started", { ...started.data }, clock.now());
    ports.calls.length = 0;
    const result = await run(crashed);
    expect(result.state).toBe("awaiting-confirmation");
    expect(ports.calls).toEqual(["GetConfigurationSet", "PutLogEvents"]);
    expect(types(crashed).slice(3)).toEqual(["step.reconciled:pause", "step.succeeded:pause", "audit.recorded:pause"]);
  });

  it("performs an idempotent action after reconciliation shows it was not done", async () => {
    const crashed = open();
    crashed.journal.append("step.succeeded", { step: "look", attempt: 1, outputs: {} }, clock.now());
    crashed.journal.append("step.started", { step: "pause", attempt: 1, action: "aws.ses.pauseSending", inputs: { tenant: "acme" } }, clock.now());
    await run(crashed);
    expect(ports.calls.slice(0, 3)).toEqual(["GetConfigurationSet", "PutConfigurationSetSendingOptions", "GetConfigurationSet"]);
    expect(Journal.open(crashed.journal.file).entries.find((e) => e.type === "step.reconciled")!.data.result).toBe("not-done");
  });

  it("never retries a non-idempotent action without a human, even when reconciliation shows it was not done", async () => {
    const inc = open();
    await run(inc, { confirm: new Map([["check", "ok"]]) });
    await run(inc, { approve: new Set(["disable"]), operator: { actor: "bob", host: "h", ip: "192.0.2.11", userAgent: "ua", verified: true } });
    await run(inc, { approve: new Set(["rotate"]), operator: { actor: "carol", host: "h", ip: "192.0.2.12", userAgent: "ua", verified: true } });
    expect(ports.keys.get("1234abcd-12ab-34cd-56ef-1234567890ab")!.rotations).toBe(1);
    // A second incident whose rotate attempt crashed before the call.
    const crashed = open();
    const key = "1234abcd-12ab-34cd-56ef-1234567890ab";
    for (const step of ["look", "pause", "check", "disable", "enable"]) crashed.journal.append("step.succeeded", { step, attempt: 1, outputs: {} }, clock.now());
    crashed.journal.append("approval.requested", { step: "rotate", by: "alice" }, clock.now());
    crashed.journal.append("approval.granted", { step: "rotate", by: "bob" }, clock.now());
    crashed.journal.append("step.started", { step: "rotate", attempt: 1, action: "aws.kms.rotateKeyOnDemand", inputs: { key }, prepared: { keyId: key, rotationsBefore: 1 } }, clock.now());
    ports.calls.length = 0;
    const stuck = await run(crashed);
    expect([stuck.state, stuck.step, ports.calls.includes("RotateKeyOnDemand")]).toEqual(["needs-human", "rotate", false]);
    const retried = await run(crashed, { retry: new Set(["rotate"]) });
    expect([retried.state, ports.calls.filter((c) => c === "RotateKeyOnDemand").length]).toEqual(["complete", 1]);
  });

  it("refuses a rotation past the KMS limit of 25 on-demand rotations per key", async () => {
    ports.keys.get("1234abcd-12ab-34cd-56ef-1234567890ab")!.rotations = 25;
    const inc = open();
    await run(inc, { confirm: new Map([["check", "ok"]]) });
    await run(inc, { approve: new Set(["disable"]), operator: { actor: "bob", host: "h", ip: "192.0.2.11", userAgent: "ua", verified: true } });
    const result = await run(inc, { approve: new Set(["rotate"]), operator: { actor: "carol", host: "h", ip: "192.0.2.12", userAgent: "ua", verified: true } });
    expect([result.state, ports.calls.includes("RotateKeyOnDemand")]).toEqual(["aborted", false]);
    expect(result.message).toContain("key 1234abcd-12ab-34cd-56ef-1234567890ab has had 25 on-demand rotations; KMS allows at most 25");
  });

  it("writes audit events that could not be written before anything else on the next run", async () => {
    const inc = open();
    ports.failNext("PutLogEvents", 1, "AccessDeniedException", 403);
    const err = (await run(inc).catch((e: unknown) => e)) as OpsError;
    expect(err.code).toBe("E_AUDIT_WRITE");
    expect(ports.audited).toHaveLength(0);
    ports.calls.length = 0;
    await run(inc);
    expect(ports.calls.slice(0, 1)).toEqual(["PutLogEvents"]);
    expect(ports.audited.map((e) => e.metadata?.step)).toEqual(["look", "pause"]);
  });

  it("reports an unresolvable reference, located, before any step runs", async () => {
    const text = RUNBOOK.replace('"Check {{ tenant.names.configurationSet }}"', '"Tell {{ tenant.contacts.dpo }}"');
    const inc = open(text, ["tenant=initech"]);
    const err = (await run(inc).catch((e: unknown) => e)) as DiagnosticsError;
    expect(err).toBeInstanceOf(DiagnosticsError);
    expect(err.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.code} ${d.path}: ${d.message}`)).toEqual([
      "runbooks/test-runbook.yaml:24:31: E_REFERENCE phases.contain.1.inputs.instructions: {{ tenant.contacts.dpo }}: the tenant has no tenant.contacts.dpo",
    ]);
    expect(ports.calls).toEqual([]);
    expect(types(inc)).toEqual(["incident.opened"]);
  });
  it("stops at a wait and continues once its time has come", async () => {
    const text = `id: wait-runbook
title: Wait runbook
description: waits
severity: SEV4
triggers: [a test]
phases:
  recover:
    - id: settle
      title: Let it settle
      action: wait
      inputs: { for: 1h }
    - id: after
      title: Check afterwards
      action: manual
      inputs: { instructions: look again }
`;
    const c = movableClock("2026-11-29T12:00:00Z");
    const inc = openTest(tmp.dir, text, [], c);
    const deps = { journal: inc.journal, runbook: inc.runbook, folder: inc.folder, tenants: inc.tenants, ports };
    const first = await runIncident(deps, runOptions(c));
    c.advance(59 * 60_000);
    const early = await runIncident(deps, runOptions(c));
    c.advance(60_000);
    const done = await runIncident(deps, runOptions(c));
    expect([first.state, first.message, early.state, done.state, done.step]).toEqual([
      "waiting",
      `settle waits until 2026-11-29T13:00:00.000Z; run \`incident run ${inc.id} --execute\` again then`,
      "waiting",
      "awaiting-confirmation",
      "after",
    ]);
  });
  it("waits until a state holds: polls within the step's time, stops, and gives up at its deadline", async () => {
    const text = `id: wait-state
title: Wait for a state
description: waits for sending to stop
severity: SEV4
triggers: [a test]
parameters:
  tenant: { type: tenant, description: the tenant }
phases:
  contain:
    - id: sending-stopped
      title: Wait until sending has stopped
      action: wait
      timeoutSeconds: 30
      inputs:
        for: 1h
        pollSeconds: 10
        state:
          action: aws.ses.describe
          inputs: { tenant: "{{ params.tenant }}" }
          expect: { sendingEnabled: false }
    - id: after
      title: Then
      action: manual
      inputs: { instructions: go on }
`;
    const c = movableClock("2026-11-29T12:00:00Z");
    const inc = openTest(tmp.dir, text, ["tenant=acme"], c);
    const deps = { journal: inc.journal, runbook: inc.runbook, folder: inc.folder, tenants: inc.tenants, ports };
    const opts = runOptions(c);
    const first = await runIncident(deps, opts);
    expect([first.state, first.message, opts.delays, ports.calls]).toEqual([
      "waiting",
      `sending-stopped waits until {"sendingEnabled":false} holds (giving up at 2026-11-29T13:00:00.000Z); run \`incident run ${inc.id} --execute\` again`,
      [10_000, 10_000, 10_000],
      ["GetConfigurationSet", "GetConfigurationSet", "GetConfigurationSet", "GetConfigurationSet"],
    ]);
    ports.sending.set("tenant-acme", false);
    const second = await runIncident(deps, runOptions(c));
    expect([second.state, second.step]).toEqual(["awaiting-confirmation", "after"]);
    const done = Journal.open(inc.journal.file).entries.find((e) => e.type === "step.succeeded")!;
    expect((done.data.outputs as { observed: unknown }).observed).toEqual({ configurationSet: "tenant-acme", sendingEnabled: false, tlsPolicy: "REQUIRE", suppressedReasons: ["BOUNCE", "COMPLAINT"] });
  });

  it("fails a state wait that does not hold by its deadline", async () => {
    const text = `id: wait-state
title: Wait for a state
description: waits for sending to stop
severity: SEV4
triggers: [a test]
parameters:
  tenant: { type: tenant, description: the tenant }
phases:
  contain:
    - id: sending-stopped
      title: Wait until sending has stopped
      action: wait
      timeoutSeconds: 5
      inputs:
        for: 1h
        state:
          action: aws.ses.describe
          inputs: { tenant: "{{ params.tenant }}" }
          expect: { sendingEnabled: false }
`;
    const c = movableClock("2026-11-29T12:00:00Z");
    const inc = openTest(tmp.dir, text, ["tenant=acme"], c);
    const deps = { journal: inc.journal, runbook: inc.runbook, folder: inc.folder, tenants: inc.tenants, ports };
    await runIncident(deps, runOptions(c));
    c.advance(3_600_000);
    const late = await runIncident(deps, runOptions(c));
    expect([late.state, late.message.split(";")[0]]).toEqual(["aborted", 'ABORTED: step sending-stopped failed: the state {"sendingEnabled":false} did not hold by 2026-11-29T13:00:00.000Z']);
  });

  it("says which --approve the run did not reach (it stopped at an earlier step) instead of dropping it silently", async () => {
    const inc = open();
    const result = await run(inc, { confirm: new Map([["check", "ok"]]), approve: new Set(["rotate"]), operator: { actor: "bob", verified: true, host: "h", ip: "192.0.2.11", userAgent: "ua" } });
    expect([result.state, result.step, result.unused]).toEqual(["awaiting-approval", "disable", ["--approve rotate"]]);
    expect(result.message).toContain("not used this run (the run stopped before them, or you requested the step yourself): --approve rotate");
  });

  it("counts only verified approvals when acting on AWS: a dry-run approval by a typed name does not authorize an irreversible action", async () => {
    const inc = open();
    await run(inc, { execute: false, confirm: new Map([["check", "ok"]]), operator: { actor: "alice", verified: false, host: "h", ip: "192.0.2.10", userAgent: "ua" } });
    await run(inc, { execute: false, approve: new Set(["disable"]), operator: { actor: "bob", verified: false, host: "h", ip: "192.0.2.11", userAgent: "ua" } });
    const result = await run(inc, { operator: { actor: "arn:aws:iam::123456789012:user/alice", verified: true, host: "h", ip: "192.0.2.10", userAgent: "ua" } });
    expect([result.state, result.step, ports.calls.includes("DisableKey")]).toEqual(["awaiting-approval", "disable", false]);
    const requests = Journal.open(inc.journal.file).entries.filter((e) => e.type === "approval.requested" && e.data.step === "disable").map((e) => `${String(e.data.by)}${e.data.unverified ? " (unverified)" : ""}`);
    expect(requests).toEqual(["alice (unverified)", "arn:aws:iam::123456789012:user/alice"]);
  });

  it("stops for another principal when --approve names a step this same run has just requested, instead of failing after acting", async () => {
    const inc = open();
    const result = await run(inc, { confirm: new Map([["check", "ok"]]), approve: new Set(["disable"]) });
    expect([result.state, result.step, result.unused, ports.calls.includes("PutConfigurationSetSendingOptions")]).toEqual(["awaiting-approval", "disable", ["--approve disable"], true]);
    const self = await run(inc, { approve: new Set(["disable"]) }).catch((e: OpsError) => e);
    expect((self as OpsError).code).toBe("E_SELF_APPROVAL");
  });

  it("a notify.draft step never overwrites a notice someone edited: its draft goes beside it", async () => {
    const text = `id: test-runbook
title: Test runbook
description: for the runner's tests
severity: SEV3
triggers: [a test]
gdprRole: processor
parameters:
  tenant: { type: tenant, description: the tenant }
phases:
  notify:
    - id: draft
      title: Draft the notices
      action: notify.draft
      inputs: { audience: all }
`;
    const inc = open(text);
    mkdirSync(join(inc.folder, "notices"));
    writeFileSync(join(inc.folder, "notices", "tenant-acme.md"), "written by hand before the step ran\n");
    const result = await run(inc);
    const done = Journal.open(inc.journal.file).entries.find((e) => e.type === "step.succeeded")!;
    expect([result.state, done.data.outputs]).toMatchObject([
      "complete",
      { files: ["notices/tenant-acme.new-20261129T120000Z.md"], kept: [{ file: "notices/tenant-acme.md", draft: "notices/tenant-acme.new-20261129T120000Z.md" }] },
    ]);
    expect(readFileSync(join(inc.folder, "notices", "tenant-acme.md"), "utf8")).toBe("written by hand before the step ran\n");
  });
});
