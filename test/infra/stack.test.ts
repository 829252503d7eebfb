import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../..");

/**
 * Loads the Pulumi entry (Pulumi.yaml `main: stacks/`) the way the Pulumi language host does with this project's
 * runtime options (`nodeargs: --import tsx`): `require("<project>/stacks")` in a fresh Node process, here under
 * Pulumi's mocks with the dev stack's config.
 */
const SCRIPT = `
const pulumi = require("@pulumi/pulumi");
const types = [];
pulumi.runtime.setMocks({
  newResource: (a) => { types.push(a.type); return { id: a.name + "_id", state: { ...a.inputs, arn: "arn:aws:mock:" + a.name, keyId: a.name } }; },
  call: () => { throw new Error("no invokes expected"); },
}, "emailmate-ops", "dev");
pulumi.runtime.setAllConfig({
  "aws:region": "eu-west-1", "emailmate-ops:accountId": "123456789012",
  "emailmate-ops:tenantShards": "2", "emailmate-ops:tenantShard": "1",
  "emailmate-ops:convexDeployKey": "s", "emailmate-ops:webhookSigningSecret": "s",
}, ["emailmate-ops:convexDeployKey", "emailmate-ops:webhookSigningSecret"]);
const program = require(require("node:path").resolve("stacks"));
pulumi.runtime.disconnect().then(() => process.stdout.write(JSON.stringify({ exports: Object.keys(program).sort(), tenants: program.tenants, shard: program.shard, platform: program.platformKeyArn === undefined, types: types.length })));
`;

describe("stacks/index (the Pulumi program entry)", () => {
  it("loads under node --import tsx, declares the configured shard without the platform, and exports its outputs", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", "-e", SCRIPT], { cwd: ROOT, encoding: "utf8", env: { ...process.env, PULUMI_CONFIG: undefined } });
    expect(JSON.parse(out)).toEqual({
      exports: ["platformAlertsTopicArn", "platformKeyArn", "shard", "tenants"],
      tenants: ["acme", "initech"],
      shard: "1/2",
      platform: true,
      types: 15 + 13,
    });
  });
});
