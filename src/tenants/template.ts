import { stringify } from "yaml";

/** What `tenants new` asks for; strings as typed, validated by the schema after rendering. */
export interface NewTenantInput {
  readonly id: string;
  readonly name: string;
  readonly plan: string;
  readonly region: string;
  readonly securityContact: string;
  readonly domains: readonly string[];
  readonly dpo?: string;
  readonly trackingDomain?: string;
  readonly retentionDays: number | string;
}

/** A YAML scalar as it should appear in the file (quoted only where YAML needs it). */
function scalar(value: string | number): string {
  return stringify(value).trimEnd();
}

/** Renders a commented tenant file for a pull request. Pure; the result is validated like any other tenant file. */
export function renderTenantFile(input: NewTenantInput): string {
  const retention = typeof input.retentionDays === "number" || !/^\d+$/.test(input.retentionDays) ? input.retentionDays : Number(input.retentionDays);
  const lines = [
    `# Tenant ${input.name.replace(/\n/g, " ")}: onboarded with \`emailmate-ops tenants new\`.`,
    "# Check it with `npx emailmate-ops tenants validate`, then `npx emailmate-ops plan` to see its resources.",
    `id: ${scalar(input.id)}  # must equal the file name`,
    `name: ${scalar(input.name)}`,
    `plan: ${scalar(input.plan)}  # free | pro | enterprise (audit exports need a paid plan)`,
    `region: ${scalar(input.region)}  # AWS region where SES v2 is offered`,
    "contacts:",
    `  security: ${scalar(input.securityContact)}  # receives security-incident notices`,
    input.dpo === undefined ? "  # dpo: dpo@example.com  # data-protection officer (optional)" : `  dpo: ${scalar(input.dpo)}  # data-protection officer`,
    "sending:",
    "  domains:  # 1-20 domains, unique across all tenants",
    ...input.domains.map((d) => `    - ${scalar(d)}`),
    "  tlsPolicy: REQUIRE  # only REQUIRE: the security page promises TLS in transit",
    "  suppressedReasons: [BOUNCE, COMPLAINT]",
    input.trackingDomain === undefined
      ? `  # trackingDomain: click.${/^[a-z0-9.-]+$/i.test(input.domains[0] ?? "") ? input.domains[0] : "mail.example.com"}  # HTTPS-only open/click tracking (optional): a sending domain or under one, added once that domain has verified`
      : `  trackingDomain: ${scalar(input.trackingDomain)}  # HTTPS-only open/click tracking: a sending domain or under one`,
    "audit:",
    `  retentionDays: ${scalar(retention)}  # CloudWatch Logs retention, at least one year`,
    "keys: []  # API-key scopes per agent, e.g. - { agent: billing-bot, scopes: [send, events:read] }",
    "",
  ];
  return lines.join("\n");
}

/** The `tenants new` flag that supplied a field, for messages. */
export function flagForPath(path: string): string | undefined {
  const top = path.split(".").slice(0, 2).join(".");
  const flags: Record<string, string> = {
    id: "<id>",
    name: "--name",
    plan: "--plan",
    region: "--region",
    "contacts.security": "--security-contact",
    "contacts.dpo": "--dpo",
    "sending.domains": "--domain",
    "sending.trackingDomain": "--tracking-domain",
    "audit.retentionDays": "--retention-days",
  };
  return flags[top] ?? flags[path.split(".")[0] ?? ""];
}
