import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseStackExport } from "../../../src/policy/sources/stackExport";
import { MASKED_SECRET, secret } from "../../../src/policy/values";

const FIXTURES = join(__dirname, "../../fixtures/policy");
const read = (name: string) => parseStackExport(readFileSync(join(FIXTURES, name), "utf8"), name);
const byName = (src: ReturnType<typeof read>, name: string) => src.records.find((r) => r.name === name);

describe("src/policy/sources/stackExport", () => {
  it("reads a version 3 export: resources without the stack, providers and pending deletions", () => {
    const src = read("stack-export-v3.json");
    expect([src.kind, src.stack, src.records.length]).toEqual(["stack-export", "dev", 15]);
    expect(src.records.some((r) => r.urn.endsWith("audit-old"))).toBe(false);
    expect(src.records.some((r) => r.type.startsWith("pulumi:"))).toBe(false);
  });

  it("uses inputs as props and outputs over inputs for stack checks", () => {
    const key = byName(read("stack-export-v3.json"), "acme-key")!;
    expect([key.props.enableKeyRotation, key.props.arn, key.outputs?.arn, key.id]).toEqual([
      true,
      undefined,
      "arn:aws:kms:eu-west-1:111111111111:key/0f1e2d3c-4b5a-6978-8a9b-acbdcedfe0f1",
      "0f1e2d3c-4b5a-6978-8a9b-acbdcedfe0f1",
    ]);
  });

  it("drops __-prefixed internal keys", () => {
    const group = byName(read("stack-export-v3.json"), "acme-audit-log-group")!;
    expect(["__defaults" in group.props, "__meta" in (group.outputs ?? {})]).toEqual([false, false]);
  });

  it("finds each resource's tenant from its tenant component parent", () => {
    const src = read("stack-export-v3.json");
    expect([byName(src, "acme-alerts-topic")?.tenant, byName(src, "acme")?.tenant, byName(src, "platform-vercel-project")?.tenant]).toEqual(["acme", undefined, undefined]);
  });

  it("turns ciphertext secrets into [secret]", () => {
    expect(byName(read("stack-export-v3.json"), "platform-vercel-env-CONVEX_DEPLOY_KEY")?.props.value).toBe(MASKED_SECRET);
  });

  it("decodes plaintext secrets (version 4, --show-secrets)", () => {
    const src = read("stack-export-v4.json");
    expect([src.kind, byName(src, "platform-vercel-env-CONVEX_DEPLOY_KEY")?.props.value]).toEqual(["stack-export", secret("prod:convex-deploy-key-3f9a")]);
  });

  it("reads the checkpoint wrapper the local and S3 backends store", () => {
    const src = read("checkpoint.json");
    expect([src.kind, src.stack, src.records.length]).toEqual(["checkpoint", "dev", 15]);
  });

  it("reads a checkpoint of a stack never deployed as empty", () => {
    expect(parseStackExport(JSON.stringify({ version: 3, checkpoint: { stack: "dev" } }), "cp.json").records).toEqual([]);
  });

  it("decodes the b64 secrets provider's ciphertext", () => {
    const doc = {
      version: 3,
      deployment: {
        secrets_providers: { type: "b64" },
        resources: [
          {
            urn: "urn:pulumi:dev::p::aws:kms/key:Key::k",
            type: "aws:kms/key:Key",
            custom: true,
            inputs: { policy: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: Buffer.from('"{}"').toString("base64") } },
          },
        ],
      },
    };
    expect(parseStackExport(JSON.stringify(doc), "b64.json").records[0]?.props.policy).toEqual(secret("{}"));
  });

  it("refuses an unsupported version", () => {
    expect(() => parseStackExport(JSON.stringify({ version: 2, deployment: {} }), "old.json")).toThrow("old.json: version: unsupported version 2; expected 3 or 4 (or a checkpoint, version 1–4)");
  });

  it("refuses a resource without a URN, naming where", () => {
    expect(() => parseStackExport(JSON.stringify({ version: 3, deployment: { resources: [{ type: "x" }] } }), "e.json")).toThrow("e.json: deployment.resources[0].urn: expected a string");
  });

  it("refuses text that is not JSON", () => {
    expect(() => parseStackExport("pulumi stack export", "e.json")).toThrow(/^e\.json: not JSON \(/);
  });
});
