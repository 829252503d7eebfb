import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PLAN_COMMENT_MARKER } from "../../src/plan/diffMarkdown";
import { runCliCapture } from "../support/cli";
import { gitProject, tenantYaml } from "../support/gitRepo";

const ROOT = join(__dirname, "../..");
const workflow = parse(readFileSync(join(ROOT, ".github/workflows/tenant-pull-request.yml"), "utf8")) as {
  jobs: Record<string, { needs?: string | string[]; if?: string; strategy?: { matrix: unknown }; steps: { run?: string; uses?: string; with?: Record<string, string> }[] }>;
};
const p = gitProject({ dev: {} });
afterAll(() => p.cleanup());

interface Call {
  op: "create" | "update";
  body: string;
  id?: number;
}

/** Runs the comment job's github-script over `results/` with a fake GitHub API holding `existing` comments. */
async function runCommentScript(results: string, existing: { id: number; user: { type: string }; body: string }[]): Promise<Call[]> {
  const step = workflow.jobs.comment!.steps.find((s) => s.uses?.startsWith("actions/github-script@"))!;
  const script = step.with!.script!.replaceAll('"results', JSON.stringify(results).slice(0, -1)).replaceAll("${{ needs.shard.result }}", "success");
  const calls: Call[] = [];
  const github = {
    paginate: async () => existing,
    rest: {
      issues: {
        listComments: () => undefined,
        createComment: async (a: { body: string }) => calls.push({ op: "create", body: a.body }),
        updateComment: async (a: { body: string; comment_id: number }) => calls.push({ op: "update", body: a.body, id: a.comment_id }),
      },
    },
  };
  const context = { repo: { owner: "o", repo: "r" }, payload: { pull_request: { number: 7 } }, serverUrl: "https://example.invalid", runId: 1, sha: "0123456789abcdef" };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
  await new AsyncFunction("require", "github", "context", script)(createRequire(__filename), github, context);
  return calls;
}

describe(".github/workflows/tenant-pull-request.yml", () => {
  it("fans out one shard job per affected stack, from plan --base's matrix", () => {
    expect(workflow.jobs.shard!.strategy!.matrix).toBe("${{ fromJSON(needs.plan.outputs.matrix) }}");
    expect(workflow.jobs.shard!.if).toBe("needs.plan.outputs.any == 'true'");
    const checkStep = workflow.jobs.shard!.steps.find((s) => s.run?.includes("emailmate-ops check"))!;
    expect(checkStep.run).toContain('npx emailmate-ops check --stack "${{ matrix.stack }}"');
    for (const job of ["preview", "deploy"]) expect(workflow.jobs[job]!.strategy!.matrix).toBe("${{ fromJSON(needs.plan.outputs.matrix) }}");
    const planRun = workflow.jobs.plan!.steps.map((s) => s.run ?? "").join("\n");
    expect(planRun).toContain('npx emailmate-ops plan --base "$BASE" --json > plan.json');
    expect(planRun).toContain('echo "matrix=$(jq -c .matrix plan.json)" >> "$GITHUB_OUTPUT"');
  });

  it("posts one sticky comment with the plan and each shard's policy result, and updates it on the next push", async () => {
    p.write("tenants/hooli.yaml", tenantYaml("hooli"));
    rmSync(join(p.dir, "tenants/initech.yaml"));
    const results = join(p.dir, "results");
    mkdirSync(join(results, "plan"), { recursive: true });
    mkdirSync(join(results, "check-dev"), { recursive: true });
    const plan = await runCliCapture(["plan", "--base", "base", "--format", "md", "--max-chars", "60000"], { cwd: p.dir });
    const matrix = JSON.parse((await runCliCapture(["plan", "--base", "base", "--json"], { cwd: p.dir })).stdout).matrix;
    expect(matrix).toEqual({ include: [{ stack: "dev" }] });
    writeFileSync(join(results, "plan/plan.md"), plan.stdout);
    const check = await runCliCapture(["check", "--stack", "dev", "--out", "out/dev", "--json"], { cwd: p.dir });
    expect(check.code).toBe(0);
    writeFileSync(join(results, "check-dev/check-dev.json"), check.stdout);

    const first = await runCommentScript(results, [{ id: 1, user: { type: "User" }, body: "looks good" }]);
    expect(first.map((c) => c.op)).toEqual(["create"]);
    const body = first[0]!.body;
    expect(body.startsWith(`${PLAN_COMMENT_MARKER}\n### emailmate-ops plan: \`base\``)).toBe(true);
    expect(body).toContain("> [!CAUTION]");
    expect(body).toContain("| `dev` | 1/1 | yes | 13 | 0 | **13** | hooli | — | **initech** |");
    expect(body).toMatch(/\n\| `dev` \| ✅ pass \| 3 \| 56 \| \d+ \/ 0 \/ \d+ \/ 0 \| CC6\.1 /);
    expect(body.length).toBeLessThanOrEqual(65_536);

    const second = await runCommentScript(results, [
      { id: 1, user: { type: "User" }, body: "looks good" },
      { id: 2, user: { type: "Bot" }, body: `${PLAN_COMMENT_MARKER}\nold` },
    ]);
    expect(second.map((c) => [c.op, c.id])).toEqual([["update", 2]]);
  });
});
