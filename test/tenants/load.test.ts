import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/config/diagnostics";
import { loadTenants, loadTenantsOrThrow, validateTenantSources, type TenantFileSystem } from "../../src/tenants";
import { ACME_TENANT } from "../support/fixtures";

const VALID = ACME_TENANT;

/** Validates files given as text and returns the formatted diagnostics. */
function check(files: Record<string, string | Uint8Array>): string[] {
  const set = validateTenantSources(Object.entries(files).map(([file, content]) => ({ file, bytes: typeof content === "string" ? Buffer.from(content) : content })));
  return set.diagnostics.map(formatDiagnostic);
}

/** The valid file with one line replaced (or appended when `find` is not there). */
function variant(find: string, replace: string): string {
  if (!VALID.includes(find)) throw new Error(`fixture has no ${find}`);
  return VALID.replace(find, replace);
}

describe("tenants/load validateTenantSources", () => {
  it("accepts a valid tenant and fills the defaults and derived names", () => {
    const set = validateTenantSources([{ file: "tenants/acme.yaml", bytes: Buffer.from(VALID) }]);
    expect(set.diagnostics).toEqual([]);
    expect(set.tenants).toEqual([
      {
        id: "acme",
        name: "Acme Corp",
        plan: "pro",
        region: "eu-west-1",
        contacts: { security: "security@acme.example" },
        sending: { domains: ["mail.acme.example"], tlsPolicy: "REQUIRE", suppressedReasons: ["BOUNCE", "COMPLAINT"] },
        audit: { retentionDays: 365 },
        keys: [],
        file: "tenants/acme.yaml",
        names: {
          configurationSet: "tenant-acme",
          sesTenant: "acme",
          kmsAlias: "alias/emailmate/tenant/acme",
          auditLogGroup: "/emailmate/tenants/acme/audit",
        },
      },
    ]);
  });

  it("lower-cases domains", () => {
    const set = validateTenantSources([{ file: "acme.yaml", bytes: Buffer.from(variant("[mail.acme.example]", "[Mail.ACME.example]")) }]);
    expect(set.tenants[0]?.sending.domains).toEqual(["mail.acme.example"]);
  });

  it("reports a wrong type at the value, with what was expected", () => {
    expect(check({ "acme.yaml": VALID + 'audit:\n  retentionDays: "365"\n' })).toEqual([
      'acme.yaml:10:18: E_TYPE audit.retentionDays: expected a number of days, got the string "365" (days to keep audit logs: a CloudWatch Logs retention value of at least 365)',
    ]);
  });

  it("refuses retention values that are not CloudWatch values of at least a year", () => {
    expect(check({ "acme.yaml": VALID + "audit:\n  retentionDays: 180\n" })).toEqual([
      "acme.yaml:10:18: E_VALUE audit.retentionDays: expected a CloudWatch Logs retention value of at least one year: 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653; got the number 180",
    ]);
  });

  it("points an unknown key at the key and suggests the close one", () => {
    expect(check({ "acme.yaml": variant("  domains:", "  trackingDomian: click.acme.example\n  domains:") })).toEqual([
      'acme.yaml:8:3: E_UNKNOWN_KEY sending.trackingDomian: unknown key "trackingDomian"; did you mean "trackingDomain"?',
    ]);
  });

  it("lists the allowed keys when no known key is close", () => {
    expect(check({ "acme.yaml": VALID + "billing: monthly\n" })).toEqual([
      'acme.yaml:9:1: E_UNKNOWN_KEY billing: unknown key "billing"; expected one of: id, name, plan, region, contacts, sending, audit, keys, kmsKeys',
    ]);
  });

  it("reports a missing required key at the mapping that lacks it", () => {
    expect(check({ "acme.yaml": variant("  security: security@acme.example\n", "  dpo: dpo@acme.example\n") })).toEqual([
      'acme.yaml:6:3: E_REQUIRED contacts: missing required key "security" (address that receives security-incident notices)',
    ]);
  });

  it("refuses tlsPolicy OPTIONAL with the reason", () => {
    expect(check({ "acme.yaml": VALID + "  tlsPolicy: OPTIONAL\n" })).toEqual([
      'acme.yaml:9:14: E_VALUE sending.tlsPolicy: expected REQUIRE: the security page promises TLS in transit, so OPTIONAL is not allowed; got the string "OPTIONAL"',
    ]);
  });

  it("names the allowed plans and suggests a close region", () => {
    expect(check({ "acme.yaml": variant("plan: pro", "plan: gold").replace("region: eu-west-1", "region: eu-wset-1") })).toEqual([
      'acme.yaml:3:7: E_VALUE plan: expected one of free, pro, enterprise, got the string "gold"',
      'acme.yaml:4:9: E_VALUE region: expected an AWS region where SES v2 is offered, e.g. eu-west-1, got the string "eu-wset-1"; did you mean "eu-west-1"?',
    ]);
  });

  it("suggests nothing when several regions are equally close", () => {
    expect(check({ "acme.yaml": variant("region: eu-west-1", "region: eu-west-9") })).toEqual([
      'acme.yaml:4:9: E_VALUE region: expected an AWS region where SES v2 is offered, e.g. eu-west-1, got the string "eu-west-9"',
    ]);
  });

  it("checks email addresses and domain names", () => {
    expect(check({ "acme.yaml": variant("security@acme.example", "not-an-email").replace("[mail.acme.example]", "[mail..acme]") })).toEqual([
      'acme.yaml:6:13: E_VALUE contacts.security: expected an email address, got the string "not-an-email"',
      'acme.yaml:8:13: E_VALUE sending.domains.0: expected a domain name such as mail.example.com, got the string "mail..acme"',
    ]);
  });

  it("requires 1 to 20 unique domains", () => {
    expect(check({ "acme.yaml": variant("[mail.acme.example]", "[]") })).toEqual([
      "acme.yaml:8:12: E_VALUE sending.domains: expected 1–20 sending domains, got none",
    ]);
    const many = Array.from({ length: 21 }, (_, i) => `d${i}.acme.example`).join(", ");
    expect(check({ "acme.yaml": variant("[mail.acme.example]", `[${many}]`) })).toEqual([
      "acme.yaml:8:12: E_VALUE sending.domains: expected 1–20 sending domains, got more than 20",
    ]);
    expect(check({ "acme.yaml": variant("[mail.acme.example]", "[mail.acme.example, MAIL.acme.example]") })).toEqual([
      'acme.yaml:8:32: E_VALUE sending.domains.1: expected each domain once; "mail.acme.example" is already at index 0',
    ]);
  });

  it("checks API-key agents and scopes, reporting all problems at once", () => {
    const keys = "keys:\n  - agent: billing-bot\n    scopes: [send, nope]\n  - agent: billing-bot\n    scopes: [send]\n  - agent: Bad_Name\n    scopes: []\n";
    expect(check({ "acme.yaml": VALID + keys })).toEqual([
      'acme.yaml:11:20: E_VALUE keys.0.scopes.1: expected one of send, events:read, suppressions:read, suppressions:write, domains:read, audit:read, got the string "nope"',
      'acme.yaml:12:12: E_VALUE keys.1.agent: expected each agent once; "billing-bot" is already at index 0',
      "acme.yaml:14:12: E_VALUE keys.2.agent: expected an agent name: 1–40 characters, lower-case letters, digits and '-', starting with a letter; got the string \"Bad_Name\"",
      "acme.yaml:15:13: E_VALUE keys.2.scopes: expected at least one scope",
    ]);
  });

  it("requires the id to equal the file name", () => {
    expect(check({ "tenants/other.yaml": VALID })).toEqual([
      'tenants/other.yaml:1:5: E_ID_MISMATCH id: id "acme" must equal the file name; expected "other" (or rename the file to acme.yaml)',
    ]);
  });

  it("refuses ids that try path traversal, and the reserved id", () => {
    expect(check({ "x.yaml": variant("id: acme", "id: ../../etc/passwd") })).toEqual([
      "x.yaml:1:5: E_VALUE id: expected a tenant id: 3–40 characters of lower-case letters, digits and '-', starting with a letter, not ending with '-'; got the string \"../../etc/passwd\"",
    ]);
    expect(check({ "platform.yaml": variant("id: acme", "id: platform") })).toEqual([
      'platform.yaml:1:5: E_VALUE id: expected a tenant id other than "platform", which names platform-wide audit events',
    ]);
  });

  it("refuses a document that is not a mapping", () => {
    expect(check({ "acme.yaml": "- a\n- b\n" })).toEqual(["acme.yaml:1:1: E_TYPE (document): expected a mapping, got a list (one EmailMate tenant)"]);
  });

  it("points a domain used by another tenant at its second occurrence", () => {
    const globex = VALID.replace("id: acme", "id: globex").replace("[mail.acme.example]", "[mail.globex.example, MAIL.ACME.EXAMPLE]");
    expect(check({ "tenants/globex.yaml": globex, "tenants/acme.yaml": VALID })).toEqual([
      'tenants/globex.yaml:8:34: E_DUPLICATE_DOMAIN sending.domains.1: domain "mail.acme.example" is already used by tenant acme (tenants/acme.yaml:8:13); expected domains unique across tenants',
    ]);
  });

  it("treats tracking domains as part of the same namespace", () => {
    const globex = VALID.replace("id: acme", "id: globex").replace("[mail.acme.example]", "[acme.example]\n  trackingDomain: mail.acme.example");
    expect(check({ "acme.yaml": VALID, "globex.yaml": globex })).toEqual([
      'globex.yaml:9:19: E_DUPLICATE_DOMAIN sending.trackingDomain: domain "mail.acme.example" is already used by tenant acme (acme.yaml:8:13); expected domains unique across tenants',
    ]);
  });

  it("still runs the rules across files for the well-formed parts of a file with schema errors (all problems in one run)", () => {
    const globex = VALID.replace("id: acme", "id: globex").replace("plan: pro", "plan: gold").replace("[mail.acme.example]", "[mail.acme.example, 7]");
    expect(check({ "tenants/acme.yaml": VALID, "tenants/globex.yaml": globex })).toEqual([
      'tenants/globex.yaml:3:7: E_VALUE plan: expected one of free, pro, enterprise, got the string "gold"',
      'tenants/globex.yaml:8:13: E_DUPLICATE_DOMAIN sending.domains.0: domain "mail.acme.example" is already used by tenant acme (tenants/acme.yaml:8:13); expected domains unique across tenants',
      "tenants/globex.yaml:8:32: E_TYPE sending.domains.1: expected a string, got the number 7 (a sending domain)",
    ]);
  });

  it("names the holder by file when the holding file's id is not well-formed", () => {
    const broken = VALID.replace("id: acme", "id: Not_An_Id");
    const globex = VALID.replace("id: acme", "id: globex");
    expect(check({ "tenants/acme.yaml": broken, "tenants/globex.yaml": globex })).toContain(
      'tenants/globex.yaml:8:13: E_DUPLICATE_DOMAIN sending.domains.0: domain "mail.acme.example" is already used by tenants/acme.yaml:8:13; expected domains unique across tenants',
    );
  });

  it("reports a duplicate against the file the change introduces, naming the file that already holds it", () => {
    const aaa = VALID.replace("id: acme", "id: aaa");
    const sources = [
      { file: "tenants/aaa.yaml", bytes: Buffer.from(aaa) },
      { file: "tenants/acme.yaml", bytes: Buffer.from(VALID) },
    ];
    // Without a base: the later file in sorted order.
    expect(validateTenantSources(sources).diagnostics.map(formatDiagnostic)).toEqual([
      'tenants/acme.yaml:8:13: E_DUPLICATE_DOMAIN sending.domains.0: domain "mail.acme.example" is already used by tenant aaa (tenants/aaa.yaml:8:13); expected domains unique across tenants',
    ]);
    // aaa.yaml is the file the pull request adds: it is the one that introduces the duplicate.
    expect(validateTenantSources(sources, { introduced: (f) => f === "tenants/aaa.yaml" }).diagnostics.map(formatDiagnostic)).toEqual([
      'tenants/aaa.yaml:8:13: E_DUPLICATE_DOMAIN sending.domains.0: domain "mail.acme.example" is already used by tenant acme (tenants/acme.yaml:8:13); expected domains unique across tenants',
    ]);
  });

  it("keeps tenants whose own file is fine usable while another file is broken", () => {
    const set = validateTenantSources([
      { file: "tenants/acme.yaml", bytes: Buffer.from(VALID) },
      { file: "tenants/globex.yaml", bytes: Buffer.from("id: globex\n") },
    ]);
    expect(set.tenants).toEqual([]);
    expect(set.usable.map((t) => t.id)).toEqual(["acme"]);
  });

  it("refuses a tracking domain that no sending domain of the tenant covers (SES: InvalidTrackingOptions)", () => {
    expect(check({ "acme.yaml": variant("[mail.acme.example]", "[mail.acme.example]\n  trackingDomain: click.acme.example") })).toEqual([
      'acme.yaml:9:19: E_VALUE sending.trackingDomain: expected the tracking domain to be a sending domain or a subdomain of one (mail.acme.example), got "click.acme.example": SES refuses a tracking domain that is not a verified identity (InvalidTrackingOptions), and the tenant\'s sending domains are the identities it verifies; e.g. click.mail.acme.example',
    ]);
  });

  it("accepts a tracking domain that is a sending domain or under one", () => {
    expect(check({ "acme.yaml": variant("[mail.acme.example]", "[mail.acme.example]\n  trackingDomain: click.mail.acme.example") })).toEqual([]);
    expect(check({ "acme.yaml": variant("[mail.acme.example]", "[acme.example]\n  trackingDomain: CLICK.acme.example") })).toEqual([]);
    // a suffix that is not a label boundary does not count
    expect(check({ "acme.yaml": variant("[mail.acme.example]", "[acme.example]\n  trackingDomain: clickacme.example") })).toHaveLength(1);
  });

  it("refuses the same id in two files", () => {
    expect(check({ "a/acme.yaml": VALID, "b/acme.yaml": VALID.replace("mail.acme", "other.acme") })).toEqual([
      'b/acme.yaml:1:5: E_DUPLICATE_ID id: tenant id "acme" is already used by a/acme.yaml; expected a unique id',
    ]);
  });

  it("collects problems from every file, sorted by file and position", () => {
    expect(check({ "b.yaml": "", "a.yaml": "id: a\nid: a\n" })).toEqual([
      'a.yaml:2:1: E_DUPLICATE_KEY id: duplicate key "id"; expected each key once per mapping',
      "b.yaml:1:1: E_EMPTY_FILE (document): file is empty; expected a YAML mapping",
    ]);
  });

  it("refuses non-UTF-8 files", () => {
    const bytes = Buffer.concat([Buffer.from("id: acme\nname: Caf"), Buffer.from([0xe9, 0x0a])]);
    expect(check({ "acme.yaml": bytes })).toEqual(["acme.yaml:2:10: E_ENCODING (document): file is not valid UTF-8; expected UTF-8 text"]);
  });
});

describe("tenants/load loadTenants", () => {
  const files: Record<string, string> = { "t/acme.yaml": VALID, "t/notes.txt": "not a tenant" };
  const memoryFs = (sizes: Record<string, number> = {}): TenantFileSystem & { reads: string[] } => {
    const reads: string[] = [];
    return {
      reads,
      isDirectory: (p) => {
        if (p === "t") return true;
        if (p in files) return false;
        throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
      },
      list: () => Object.keys(files).map((f) => f.slice(2)),
      size: (p) => sizes[p] ?? Buffer.byteLength(files[p] ?? ""),
      read: (p) => {
        reads.push(p);
        return Buffer.from(files[p] ?? "");
      },
    };
  };

  it("reads the YAML files of a folder, not other files", () => {
    const fs = memoryFs();
    const set = loadTenants(["t"], fs);
    expect(set.files).toEqual(["t/acme.yaml"]);
    expect(set.tenants.map((t) => t.id)).toEqual(["acme"]);
    expect(fs.reads).toEqual(["t/acme.yaml"]);
  });

  it("reads a file named twice, once plainly and once as ./path, once", () => {
    const fs = memoryFs();
    const set = loadTenants(["t/acme.yaml", "./t/acme.yaml", "t"], fs);
    expect([set.files, set.diagnostics, fs.reads]).toEqual([["t/acme.yaml"], [], ["t/acme.yaml"]]);
  });

  it("refuses files over 1 MiB without reading them", () => {
    const fs = memoryFs({ "t/acme.yaml": 2 * 1024 * 1024 });
    expect(loadTenants(["t"], fs).diagnostics.map(formatDiagnostic)).toEqual([
      "t/acme.yaml:1:1: E_FILE_TOO_LARGE (document): file is 2097152 bytes; expected at most 1048576 (1 MiB)",
    ]);
    expect(fs.reads).toEqual([]);
  });

  it("reports a path that does not exist", () => {
    expect(loadTenants(["nope"], memoryFs()).diagnostics.map(formatDiagnostic)).toEqual([
      "nope:1:1: E_FILE_UNREADABLE (document): no such file or folder; expected a tenant file or a folder of them",
    ]);
  });

  it("throws a DiagnosticsError with exit code 2 for commands that need valid tenants", () => {
    expect(() => loadTenantsOrThrow(["nope"], memoryFs())).toThrowError(
      expect.objectContaining({ exitCode: 2, code: "E_INVALID_INPUT", diagnostics: [expect.objectContaining({ code: "E_FILE_UNREADABLE" })] }),
    );
  });
});
