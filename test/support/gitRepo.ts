import { execFileSync } from "node:child_process";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { scratch } from "./tmp";

const ROOT = join(__dirname, "../..");

/** Runs git in `cwd` with a fixed identity (no global config needed). */
export const git = (cwd: string, ...args: string[]): string =>
  execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } });

export const stackFile = (config: Record<string, string | number | boolean>): string =>
  `config:\n${Object.entries({ "aws:region": "eu-west-1", "emailmate-ops:accountId": "123456789012", ...config }).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join("\n")}\n`;

export const tenantYaml = (id: string, extra = ""): string =>
  `id: ${id}\nname: Tenant ${id}\nplan: pro\nregion: eu-west-1\ncontacts:\n  security: security@${id}.example\nsending:\n  domains: [mail.${id}.example]\n${extra}`;

/** A git repository holding the sample tenants and the given stack files, committed and tagged `base`. */
export function gitProject(stacks: Record<string, Record<string, string | number | boolean>> = { dev: {} }, extra: Record<string, string> = {}) {
  const tmp = scratch("emailmate-git-");
  cpSync(join(ROOT, "tenants"), join(tmp.dir, "tenants"), { recursive: true });
  for (const [name, config] of Object.entries(stacks)) tmp.write(`Pulumi.${name}.yaml`, stackFile(config));
  for (const [path, content] of Object.entries(extra)) tmp.write(path, content);
  git(tmp.dir, "init", "-q");
  git(tmp.dir, "add", "-A");
  git(tmp.dir, "commit", "-qm", "base");
  git(tmp.dir, "tag", "base");
  return tmp;
}
