import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { shardOf } from "../../../src/infra/shard";
import { runCliCapture } from "../../support/cli";
import { stackFile, tenantYaml } from "../../support/gitRepo";
import { scratch } from "../../support/tmp";

const tmp = scratch("emailmate-check-shard-");
afterAll(() => tmp.cleanup());
const ids = Array.from({ length: 40 }, (_, i) => `tenant-${String(i).padStart(3, "0")}`);
for (const id of ids) tmp.write(`tenants/${id}.yaml`, tenantYaml(id));
for (let k = 0; k < 4; k++) tmp.write(`Pulumi.prod-${k}.yaml`, stackFile({ "emailmate-ops:tenantShards": 4, "emailmate-ops:tenantShard": k }));

describe("cli/commands/check --stack <shard>", () => {
  it("validates every tenant file but plans and checks only the shard's tenants", async () => {
    const mine = ids.filter((id) => shardOf(id, 4) === 2);
    const run = await runCliCapture(["check", "--stack", "prod-2", "--out", "out-2", "--json"], { cwd: tmp.dir });
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout);
    expect([data.stack, data.tenants, data.validatedTenants, data.shard]).toEqual(["prod-2", mine, 40, { index: 2, count: 4 }]);
    // 13 resources per tenant (no ses-events log group); shard 2 holds no platform.
    expect(data.policy.resources).toBe(mine.length * 13);
    const inventory = JSON.parse(readFileSync(join(tmp.dir, "out-2/tenants.json"), "utf8"));
    expect(inventory.map((t: { tenant: string }) => t.tenant)).toEqual(mine);
  });

  it("keeps its summary readable: a count and the first few tenant ids, not all of them", async () => {
    const run = await runCliCapture(["check", "--stack", "prod-0", "--out", "out-0"], { cwd: tmp.dir });
    const mine = ids.filter((id) => shardOf(id, 4) === 0);
    expect(run.stdout.split("\n")[0]).toBe(`tenants   ok: 40 valid; shard 1/4 holds ${mine.length} (${mine.slice(0, 5).join(", ")} and ${mine.length - 5} more)`);
  });
});
