import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GITHUB_COMMENT_LIMIT, PLAN_COMMENT_MARKER } from "../../../src/plan/diffMarkdown";
import { runCliCapture } from "../../support/cli";
import { gitProject, tenantYaml } from "../../support/gitRepo";
import { scratch } from "../../support/tmp";

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));
const project = (stacks?: Parameters<typeof gitProject>[0]) => {
  const p = gitProject(stacks);
  cleanups.push(p.cleanup);
  return p;
};

/** The sample project with hooli added and initech removed since `base`. */
function addOneRemoveOne() {
  const p = project({ dev: {} });
  p.write("tenants/hooli.yaml", tenantYaml("hooli"));
  rmSync(join(p.dir, "tenants/initech.yaml"));
  return p;
}

describe("cli/commands/plan --base", () => {
  it("prints the change per stack and tenant, the loud destruction list first, then every resource", async () => {
    const p = addOneRemoveOne();
    const run = await runCliCapture(["plan", "--base", "base"], { cwd: p.dir });
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(/^plan: base \([0-9a-f]{12}\) → working tree: \+13 ~0 -13 resources in 1 of 1 stack\(s\)$/);
    expect(lines.slice(1, 5)).toEqual([
      "  dev (shard 1/1, platform): +13 ~0 -13; tenants added hooli; REMOVED initech",
      "affected stacks: dev",
      "",
      "!! DESTROYS 5 resource(s) holding data, keys or sending identity:",
    ]);
    expect(run.stdout).toContain("\n    + Key hooli-key  SYMMETRIC_DEFAULT rotation=on deletionWindow=30d\n");
    expect(run.stdout).toContain("\n    - LogGroup initech-audit-log-group  /emailmate/tenants/initech/audit retention=365d kms=tenant key\n");
  });

  it("prints the affected stacks as a job matrix with --json, and only JSON", async () => {
    const p = addOneRemoveOne();
    const run = await runCliCapture(["plan", "--base", "base", "--json"], { cwd: p.dir });
    expect(run.code).toBe(0);
    const d = JSON.parse(run.stdout);
    expect([d.affected, d.matrix, d.counts, d.head]).toEqual([["dev"], { include: [{ stack: "dev" }] }, { create: 13, update: 0, delete: 13 }, "working tree"]);
    expect(JSON.parse((await runCliCapture(["plan", "--base", "base", "--format", "json"], { cwd: p.dir })).stdout)).toEqual(d);
  });

  it("writes a pull-request comment: marker, headline, caution for removals, summary table, then the details (open while short)", async () => {
    const p = addOneRemoveOne();
    const run = await runCliCapture(["plan", "--base", "base", "--format", "md"], { cwd: p.dir });
    expect(run.code).toBe(0);
    const md = run.stdout;
    expect(md.split("\n").slice(0, 6)).toEqual([
      PLAN_COMMENT_MARKER,
      expect.stringMatching(/^### emailmate-ops plan: `base` \([0-9a-f]{12}\) → this change$/),
      "",
      "**13 to create · 0 to update · 13 to delete** in 1 of 1 stack(s): `dev`",
      "",
      "> [!CAUTION]",
    ]);
    expect(md).toContain("> - `dev` · `initech` · log group /emailmate/tenants/initech/audit: deleting it deletes its audit logs (kept 365 days) — the security page promises audit logs are retained for 1 year\n");
    expect(md).toContain("| `dev` | 1/1 | yes | 13 | 0 | **13** | hooli | — | **initech** |");
    // Removals come first among the details.
    const removed = md.indexOf("<details open><summary>🔥 <code>dev</code> · tenant initech (REMOVED) — 13 to delete</summary>");
    const added = md.indexOf("<details open><summary>➕ <code>dev</code> · tenant hooli (added) — 13 to create</summary>");
    expect([removed > md.indexOf("| stack |"), added > removed]).toEqual([true, true]);
    expect(md).toContain("```diff\n- component initech\n- Key initech-key  SYMMETRIC_DEFAULT rotation=on deletionWindow=30d\n");
  });

  it("keeps the comment within GitHub's limit, with a note saying how much is left out", async () => {
    const p = project({ dev: {} });
    for (let i = 0; i < 400; i++) p.write(`tenants/t${String(i).padStart(4, "0")}.yaml`, tenantYaml(`t${String(i).padStart(4, "0")}`));
    const full = (await runCliCapture(["plan", "--base", "base", "--format", "md"], { cwd: p.dir })).stdout;
    expect(full.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(full).toContain("\n<details><summary>➕ <code>dev</code> · tenant t0000 (added) — 13 to create</summary>\n");
    expect(full).toMatch(/> \d+ more section\(s\) \(\d+ resource change\(s\)\) are not shown: GitHub limits a comment to 65,536 characters\.\n/);
    expect(full).toContain("| `dev` | 1/1 | yes | 5200 | 0 | 0 | t0000, t0001, t0002, t0003, t0004 and 395 more | — | — |");
    const small = (await runCliCapture(["plan", "--base", "base", "--format", "md", "--max-chars", "5000"], { cwd: p.dir })).stdout;
    expect(small.length).toBeLessThanOrEqual(5000);
    expect(small).toContain("> 397 more section(s) (5161 resource change(s)) are not shown");
  });

  it("keeps the text summary readable with hundreds of tenants: the first few names and a count", async () => {
    const p = project({ dev: {} });
    for (let i = 0; i < 30; i++) p.write(`tenants/tn${i}.yaml`, tenantYaml(`tn${i}`));
    const run = await runCliCapture(["plan", "--base", "base"], { cwd: p.dir });
    expect(run.stdout.split("\n")[1]).toBe("  dev (shard 1/1, platform): +390 ~0 -0; tenants added tn0, tn1, tn10, tn11, tn12 and 25 more");
  });

  it("refuses an unknown ref and a folder outside git with exit 2 and nothing written", async () => {
    const p = addOneRemoveOne();
    const bad = await runCliCapture(["plan", "--base", "no-such-ref"], { cwd: p.dir });
    expect([bad.code, bad.stdout, bad.stderr.split("\n")[0]]).toEqual([2, "", 'error: unknown git ref "no-such-ref"; expected a branch, tag or commit (in CI, fetch it first: git fetch origin main)']);
    const outside = scratch();
    cleanups.push(outside.cleanup);
    // a project (it has a tenants/ folder; elsewhere the command stops at E_NO_PROJECT) that is not in git
    mkdirSync(join(outside.dir, "tenants"));
    const run = await runCliCapture(["plan", "--base", "main", "--json"], { cwd: outside.dir });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error.code).toBe("E_GIT_REPO");
  });

  it("refuses an invalid tenant file in the working tree with its located error, exit 2", async () => {
    const p = project({ dev: {} });
    p.write("tenants/hooli.yaml", tenantYaml("hooli").replace("plan: pro", "plan: gold"));
    const run = await runCliCapture(["plan", "--base", "base"], { cwd: p.dir });
    expect([run.code, run.stdout]).toEqual([2, ""]);
    expect(run.stderr).toMatch(/^error: 1 problem in tenant files:\ntenants\/hooli\.yaml:3:7: /);
  });

  it("refuses --format md without --base, and several --stack without --base", async () => {
    const p = project();
    expect((await runCliCapture(["plan", "--format", "md"], { cwd: p.dir })).code).toBe(2);
    const two = await runCliCapture(["plan", "--stack", "dev", "--stack", "prod"], { cwd: p.dir });
    expect([two.code, two.stderr]).toEqual([2, "error: --stack given 2 times; plan takes one stack (several only with --base)\n"]);
  });
});

describe("cli/jsonOut writeJsonStreamingArray", () => {
  it("writes exactly what JSON.stringify(data, null, 2) does, in pieces", async () => {
    const { writeJsonStreamingArray } = await import("../../../src/cli/jsonOut");
    const many = Array.from({ length: 1203 }, (_, i) => ({ urn: `u${i}`, props: { a: [i, { b: "x\ny" }], e: [] }, o: i % 2 ? undefined : null }));
    for (const data of [{ stack: "dev", tenants: ["a", "b"], resources: many }, { stack: "dev", tenants: [], resources: [] }, { resources: [1], z: { q: 1 } }, {}]) {
      const parts: string[] = [];
      writeJsonStreamingArray(data, "resources", (t) => parts.push(t));
      expect(parts.join("")).toBe(JSON.stringify(data, null, 2) + "\n");
    }
  });

  it("streams plan --json: the same bytes as one JSON.stringify", async () => {
    const p = project({ dev: {} });
    const run = await runCliCapture(["plan", "--json"], { cwd: p.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(JSON.stringify(JSON.parse(run.stdout), null, 2) + "\n");
    expect(JSON.parse(run.stdout).resources).toHaveLength(56);
  });
});
