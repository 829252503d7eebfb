import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/config/diagnostics";
import { validateTenantSources } from "../../src/tenants";
import { withKeyReplacement } from "../../src/tenants/keyReplacementRecord";
import { tenantFilesIn } from "../../src/tenants/tenantFiles";
import { ACME_TENANT } from "../support/fixtures";

const KEY = "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
const GEN = { keyId: KEY, since: "2026-11-29T12:10:00.000Z", incident: "INC-20261129-001" };
const check = (text: string) => validateTenantSources([{ file: "acme.yaml", bytes: Buffer.from(text) }]).diagnostics.map(formatDiagnostic);

describe("src/tenants/keyReplacementRecord withKeyReplacement", () => {
  it("appends kmsKeys with the replacement, keeping the file's comments, and the result validates", () => {
    const text = `# Acme's tenant file\n${ACME_TENANT}`;
    const out = withKeyReplacement(text, GEN);
    expect(out.startsWith(`# Acme's tenant file\n${ACME_TENANT}`)).toBe(true);
    expect(out.slice(text.length)).toContain(`kmsKeys:\n  - keyId: ${KEY}\n    since: "2026-11-29T12:10:00.000Z"\n    incident: INC-20261129-001\n`);
    expect(check(out)).toEqual([]);
  });

  it("changes nothing when the key is already recorded (recording twice is harmless)", () => {
    const once = withKeyReplacement(ACME_TENANT, GEN);
    expect(withKeyReplacement(once, GEN)).toBe(once);
  });

  it("appends a later replacement after the earlier one", () => {
    const twice = withKeyReplacement(withKeyReplacement(ACME_TENANT, GEN), { keyId: "11111111-1111-4111-8111-111111111111", since: "2027-01-01T00:00:00.000Z" });
    expect(twice.match(/- keyId: (\S+)/g)).toEqual([`- keyId: ${KEY}`, "- keyId: 11111111-1111-4111-8111-111111111111"]);
  });
});

describe("src/tenants/schema kmsKeys", () => {
  it("refuses a key ARN where a key id belongs, located", () => {
    expect(check(`${ACME_TENANT}kmsKeys:\n  - keyId: arn:aws:kms:eu-west-1:123456789012:key/${KEY}\n    since: "2026-11-29T12:10:00Z"\n`)).toEqual([
      `acme.yaml:${ACME_TENANT.split("\n").length + 1}:12: E_VALUE kmsKeys.0.keyId: expected a KMS key id such as 1234abcd-12ab-34cd-56ef-1234567890ab, got the string "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978..."`,
    ]);
  });
});

describe("src/tenants/tenantFiles tenantFilesIn", () => {
  it("writes the change to tenants/<id>.yaml, and refuses a tenant without a file", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenant-files-"));
    try {
      writeFileSync(join(dir, "acme.yaml"), ACME_TENANT);
      const files = tenantFilesIn(dir);
      expect(files.recordKeyReplacement("acme", GEN)).toEqual({ file: join(dir, "acme.yaml"), changed: true });
      expect(files.recordKeyReplacement("acme", GEN)).toEqual({ file: join(dir, "acme.yaml"), changed: false });
      expect(readFileSync(join(dir, "acme.yaml"), "utf8")).toContain(`- keyId: ${KEY}`);
      expect(() => files.recordKeyReplacement("globex", GEN)).toThrow(`no tenant file ${join(dir, "globex.yaml")}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
