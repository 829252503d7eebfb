import { Command } from "commander";
import type { Registrar } from "../program";
import { policySourceShape } from "./policy";

export function registerClaims(program: Command, r: Registrar): void {
  r.action(
    program
      .command("claims")
      .description("every sentence of the security page with its proof: verified, failed, unverified or manual; exit 1 when a claim fails")
      .option("--claims <file>", "the claims file (it names the page)", "docs/claims.yaml")
      .option("--probes <files...>", "`probe --json` outputs to judge probe evidence with (default: not probed)")
      .option("--probe", "probe every target the claims name now (TLS, certificate, HSTS, security.txt, mail DNS): network reads")
      .option("--ca <pem...>", "with --probe: extra trusted root certificates (PEM files)")
      .option("--timeout <ms>", "with --probe: timeout of each network read", "10000")
      .option("--http-port <port>", "with --probe: port of the plain-HTTP redirect check", "80")
      .option("--runbooks <dir>", "incident runbooks folder (default: runbooks/ when present)")
      .option("--stack-export <file>", "judge policy evidence on a `pulumi stack export` instead of the offline plan")
      .option("--preview-json <file>", "judge policy evidence on `pulumi preview --json` output")
      .option("--stack <stack>", "stack to plan (Pulumi.<stack>.yaml)", "dev")
      .option("--tenants <dir>", "tenants folder (default: the stack's tenantsDir)")
      .option("--config <file>", "policy-pack config JSON (Pulumi's format)")
      .option("--suppressions <file>", "suppressions YAML (default: policies/suppressions.yaml when present)"),
    async () => (await import("../commands/claims")).claims,
    (_args, o) => ({
      claims: o.claims as string,
      probes: (o.probes as string[] | undefined) ?? [],
      probe: o.probe === true,
      ...(o.ca !== undefined ? { ca: o.ca as string[] } : {}),
      timeout: o.timeout as string,
      httpPort: o.httpPort as string,
      ...(o.runbooks !== undefined ? { runbooks: o.runbooks as string } : {}),
      ...policySourceShape(o),
    }),
  );
}
