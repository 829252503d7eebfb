import { DisableKeyCommand, EnableKeyCommand, GetKeyRotationStatusCommand } from "@aws-sdk/client-kms";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { KmsAdminAdapter } from "../../src/aws/kmsAdmin";
import type { IncidentPorts } from "../../src/incident/executors";
import { runIncident } from "../../src/incident/runner";
import { scratch } from "../support/tmp";
import { movableClock, openTest, runOptions } from "./harness";
import { memoryPorts } from "./memoryPorts";
import { deployTenant, startStrictWorld, type StrictWorld } from "./strictWorld";

const RUNBOOK = `id: rotate-only
title: Rotate a tenant key
description: A test runbook with one on-demand rotation.
severity: SEV3
triggers: [a test]
parameters:
  tenant: { type: tenant, description: the tenant }
phases:
  eradicate:
    - id: rotate
      title: Rotate the key
      action: aws.kms.rotateKeyOnDemand
      inputs: { key: "{{ tenant.names.kmsAlias }}" }
      approval: { approvers: 1 }
`;

describe("aws.kms.rotateKeyOnDemand through the strict layer (asynchronous rotation, enabled keys only)", () => {
  let world: StrictWorld;
  let keyId: string;
  let ports: IncidentPorts;
  let kms: KmsAdminAdapter;
  let tmp: ReturnType<typeof scratch>;
  const clock = movableClock("2026-11-29T12:00:00Z");

  beforeAll(async () => {
    world = await startStrictWorld();
    const deployed = await deployTenant(world, "acme");
    keyId = deployed.keyId;
    kms = new KmsAdminAdapter({ ...world.moto.clientConfig, endpoint: world.strict.endpoint });
    ports = { ...memoryPorts(), kms, keyAdmin: kms };
  });
  afterAll(async () => {
    kms.destroy();
    await world.stop();
  });
  beforeEach(() => {
    tmp = scratch("incident-rotation-");
  });
  afterEach(() => tmp.cleanup());

  const rotateOnce = async () => {
    const inc = openTest(tmp.dir, RUNBOOK, ["tenant=acme"], clock);
    const deps = { journal: inc.journal, runbook: inc.runbook, folder: inc.folder, tenants: inc.tenants, ports };
    await runIncident(deps, runOptions(clock));
    return runIncident(deps, runOptions(clock, { approve: new Set(["rotate"]), operator: { actor: "bob", verified: true, host: "h", ip: "192.0.2.11", userAgent: "ua" } }));
  };

  it("starts a rotation and reports when it started (GetKeyRotationStatus), then never starts a second while it runs", async () => {
    const first = await rotateOnce();
    expect(first.state).toBe("complete");
    const status = await world.kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    expect(status.OnDemandRotationStartDate).toBeInstanceOf(Date);
    const conflicts = world.strict.hits.get("kms.rotation-conflict") ?? 0;
    const second = await rotateOnce();
    expect([second.state, second.message]).toEqual([
      "aborted",
      expect.stringContaining(`an on-demand rotation of key ${keyId} is in progress since ${status.OnDemandRotationStartDate!.toISOString()}; it is not started twice`),
    ]);
    // Refused before the call: KMS never saw a second RotateKeyOnDemand.
    expect(world.strict.hits.get("kms.rotation-conflict") ?? 0).toBe(conflicts);
    world.strict.completeRotations();
  });

  it("refuses to rotate a disabled key before calling KMS (which would answer DisabledException)", async () => {
    await world.kms.send(new DisableKeyCommand({ KeyId: keyId }));
    try {
      const before = world.strict.hits.get("kms.disabled-crypto") ?? 0;
      const result = await rotateOnce();
      expect([result.state, result.message]).toEqual(["aborted", expect.stringContaining(`key ${keyId} is Disabled; KMS rotates only enabled keys`)]);
      expect(world.strict.hits.get("kms.disabled-crypto") ?? 0).toBe(before);
    } finally {
      await world.kms.send(new EnableKeyCommand({ KeyId: keyId }));
    }
  });

  it("reconciles an attempt whose outcome was not journaled from GetKeyRotationStatus: a rotation started since the attempt is ours", async () => {
    const inc = openTest(tmp.dir, RUNBOOK, ["tenant=acme"], clock);
    const notBefore = new Date(Date.now() - 1000).toISOString();
    inc.journal.append("approval.requested", { step: "rotate", by: "alice" }, clock.now());
    inc.journal.append("approval.granted", { step: "rotate", by: "bob" }, clock.now());
    inc.journal.append("step.started", { step: "rotate", attempt: 1, action: "aws.kms.rotateKeyOnDemand", inputs: { key: "alias/emailmate/tenant/acme" }, prepared: { keyId, rotationsBefore: 1, notBefore } }, clock.now());
    await kms.rotateOnDemand(keyId); // the call went through; the runner died before journaling it
    const deps = { journal: inc.journal, runbook: inc.runbook, folder: inc.folder, tenants: inc.tenants, ports };
    const result = await runIncident(deps, runOptions(clock));
    const reconciled = inc.journal.entries.find((e) => e.type === "step.reconciled");
    expect([result.state, reconciled?.data.result]).toEqual(["complete", "done"]);
    world.strict.completeRotations();
  });
});
