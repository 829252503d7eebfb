import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LIVE_OPERATIONS } from "../../src/aws/collectors/operations";
import { liveIamPolicy, renderIamPolicy } from "../../src/live/iamPolicy";
import { runCliCapture } from "../support/cli";

describe("src/live/iamPolicy", () => {
  it("the README shows exactly the generated policy", () => {
    const readme = readFileSync("README.md", "utf8");
    const block = /<!-- live-iam-policy:begin -->\n```json\n([\s\S]*?)\n```\n<!-- live-iam-policy:end -->/.exec(readme);
    expect(block?.[1]).toBe(renderIamPolicy());
  });

  it("allows every operation the collectors list and only read actions (Describe, Get, List)", () => {
    const actions = liveIamPolicy().Statement.flatMap((s) => s.Action);
    expect(actions.length).toBe(LIVE_OPERATIONS.filter((o) => o.iamAction !== undefined).length);
    expect(actions.filter((a) => !/^[a-z0-9]+:(Describe|Get|List)[A-Za-z]+$/.test(a))).toEqual([]);
  });

  it("`live iam-policy --json` prints the policy document", async () => {
    const run = await runCliCapture(["live", "iam-policy", "--json"], { cwd: process.cwd() });
    expect([run.code, JSON.parse(run.stdout)]).toEqual([0, liveIamPolicy()]);
  });
});
