import { Command } from "commander";
import type { Registrar } from "../program";

export function registerTenants(program: Command, r: Registrar): void {
  const tenants = program.command("tenants").description("onboard and inspect tenants (tenants/<id>.yaml)");

  r.action(
    tenants
      .command("validate")
      .description("validate tenant files and the rules across them; exit 2 with located problems")
      .argument("[paths...]", "tenant files or folders", ["tenants"])
      .option("--base <ref>", "git ref of the pull request's base: a duplicate id or domain is reported against the file added or changed since it"),
    async () => (await import("../commands/tenants-validate")).tenantsValidate,
    ([paths], o) => ({ paths: paths as string[], ...(o.base !== undefined ? { base: o.base as string } : {}) }),
  );

  r.action(
    tenants
      .command("new")
      .description("write a commented tenants/<id>.yaml for a pull request (validated first; never overwrites)")
      .argument("<id>", "tenant id: 3-40 of a-z 0-9 '-', starting with a letter")
      .requiredOption("--name <name>", "display name, 1-100 characters")
      .requiredOption("--plan <plan>", "free | pro | enterprise")
      .requiredOption("--region <region>", "AWS region where SES v2 is offered, e.g. eu-west-1")
      .requiredOption("--security-contact <email>", "address that receives security-incident notices")
      .requiredOption("--domain <domain...>", "sending domain (repeatable)")
      .option("--dpo <email>", "data-protection officer's address")
      .option("--tracking-domain <domain>", "custom open/click tracking domain (HTTPS only)")
      .option("--retention-days <days>", "audit-log retention: 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653", "365")
      .option("--dir <dir>", "tenants folder", "tenants"),
    async () => (await import("../commands/tenants-new")).tenantsNew,
    ([id], o) => ({
      id: id as string,
      name: o.name as string,
      plan: o.plan as string,
      region: o.region as string,
      securityContact: o.securityContact as string,
      domains: o.domain as string[],
      dpo: o.dpo as string | undefined,
      trackingDomain: o.trackingDomain as string | undefined,
      retentionDays: o.retentionDays as string,
      dir: o.dir as string,
    }),
  );

  r.action(
    tenants.command("list").description("list tenants: id, plan, region, domains").option("--tenants <dir>", "tenants folder", "tenants"),
    async () => (await import("../commands/tenants-list")).tenantsList,
    (_args, o) => ({ dir: o.tenants as string }),
  );
}
