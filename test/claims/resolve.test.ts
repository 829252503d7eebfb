import { describe, expect, it } from "vitest";
import { combine, judgeCheck, judgeProbe, judgeRoadmap, judgeRunbook } from "../../src/claims/resolve";

const policy = (statuses: string[]) => ({
  source: "offline plan (stack dev)",
  findings: statuses.map((status, i) => ({ policy: "aws-kms-key-enable-key-rotation", status, name: `key-${i}`, message: "" })),
});

describe("src/claims/resolve", () => {
  it("verifies a check only when its findings pass", () => {
    expect(judgeCheck(policy(["pass", "pass"]), "aws-kms-key-enable-key-rotation")).toEqual({
      kind: "check",
      ref: "aws-kms-key-enable-key-rotation",
      status: "verified",
      detail: "2 resources pass on the offline plan (stack dev)",
    });
  });

  it("fails a check with one failure, and counts a suppressed failure as failed (accepted is not true)", () => {
    expect(judgeCheck(policy(["pass", "fail"]), "aws-kms-key-enable-key-rotation").status).toBe("failed");
    const r = judgeCheck(policy(["pass", "suppressed"]), "aws-kms-key-enable-key-rotation");
    expect([r.status, r.detail]).toEqual(["failed", "1 of 2 failed on the offline plan (stack dev) (1 suppressed: accepted, still not true): key-1"]);
  });

  it("never verifies what was not evaluated: no findings, not-evaluated findings, errors, no policy run", () => {
    expect(judgeCheck(policy([]), "aws-kms-key-enable-key-rotation")).toMatchObject({ status: "unverified", detail: "nothing evaluated on the offline plan (stack dev) (no finding at all)" });
    expect(judgeCheck(policy(["not-evaluated"]), "aws-kms-key-enable-key-rotation")).toMatchObject({ status: "unverified" });
    expect(judgeCheck(policy(["pass", "error"]), "aws-kms-key-enable-key-rotation")).toMatchObject({ status: "unverified" });
    expect(judgeCheck(undefined, "x-y").status).toBe("unverified");
    expect(judgeCheck({ error: "AccessDenied" }, "x-y")).toMatchObject({ status: "unverified", detail: "policy run failed: AccessDenied" });
  });

  it("makes a check with unknown values manual, not verified", () => {
    expect(judgeCheck(policy(["pass", "manual"]), "aws-kms-key-enable-key-rotation").status).toBe("manual");
  });

  it("judges probes by target and id; an unprobed target or an error is unverified", () => {
    const probes = [{ target: "https://emailmate.dev/", checks: [{ id: "hsts.preload", status: "fail", detail: "no preload" }, { id: "cert.valid", status: "error", detail: "timeout" }] }];
    expect(judgeProbe(probes, "hsts.preload", "https://emailmate.dev")).toMatchObject({ status: "failed", detail: "no preload" });
    expect(judgeProbe(probes, "cert.valid", "https://emailmate.dev")).toMatchObject({ status: "unverified", detail: "probe error: timeout" });
    expect(judgeProbe(probes, "tls.1_3-offered", "https://emailmate.dev")).toMatchObject({ status: "unverified" });
    expect(judgeProbe(undefined, "hsts.preload", "https://emailmate.dev").status).toBe("unverified");
    expect(judgeProbe([{ target: "https://emailmate.dev", checks: [{ id: "hsts.preload", status: "pass", detail: "preload" }] }], "hsts.preload", "https://EMAILMATE.dev/").status).toBe("verified");
  });

  it("judges runbooks: present, a step in every phase, the clocks the claim needs", () => {
    const runbooks = [
      { id: "personal-data-breach", emptyPhases: [], deadlines: ["gdpr-authority", "tenant-notice"] },
      { id: "tenant-reputation", emptyPhases: ["eradicate"], deadlines: [] },
    ];
    expect(judgeRunbook(runbooks, { runbook: "personal-data-breach", deadlines: ["gdpr-authority"] })).toMatchObject({ status: "verified", detail: "runbook personal-data-breach validates with clocks gdpr-authority" });
    expect(judgeRunbook(runbooks, { runbook: "*", phases: true })).toMatchObject({ status: "failed", detail: "tenant-reputation has no step in eradicate" });
    expect(judgeRunbook(runbooks, { runbook: "tenant-reputation", deadlines: ["tenant-notice"] })).toMatchObject({ status: "failed", detail: "tenant-reputation does not run the clock tenant-notice" });
    expect(judgeRunbook(runbooks, { runbook: "vulnerability-report" })).toMatchObject({ status: "failed", detail: "no runbook vulnerability-report in the runbooks folder" });
    expect(judgeRunbook(undefined, { runbook: "x" }).status).toBe("unverified");
  });

  it("flags a roadmap target whose quarter has ended as stale, with a suggested wording", () => {
    const now = new Date("2026-12-03T00:00:00Z");
    const past = judgeRoadmap("SOC 2 Type I — target Q3 2026.", now);
    expect(past?.evidence).toMatchObject({ status: "failed", detail: "stale: the target quarter ended on 2026-09-30, 63 days ago, and the page still calls it a target" });
    expect(past?.overstatement?.reason).toBe("a roadmap date already passed (Q3 2026 ended on 2026-09-30) is stale");
    expect(judgeRoadmap("SOC 2 Type II — target Q1 2027.", now)?.evidence.status).toBe("verified");
    expect(judgeRoadmap("SOC 2 Type II — target Q1 2027.", new Date("2027-04-01T00:00:00Z"))?.evidence.status).toBe("failed");
    expect(judgeRoadmap("GDPR — current.", now)).toBeUndefined();
  });

  it("combines evidence: a failure wins, then anything unverified, then manual", () => {
    expect(combine(["verified", "manual", "failed"])).toBe("failed");
    expect(combine(["verified", "manual", "unverified"])).toBe("unverified");
    expect(combine(["verified", "manual"])).toBe("manual");
    expect(combine(["verified"])).toBe("verified");
    expect(combine([])).toBe("unverified");
  });
});
