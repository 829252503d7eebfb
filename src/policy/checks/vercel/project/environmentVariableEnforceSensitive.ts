import { resourceCheck } from "../../../types";

const SINGLE = "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable";
const SHARED = "vercel:index/sharedEnvironmentVariable:SharedEnvironmentVariable";
const MANY = "vercel:index/projectEnvironmentVariables:ProjectEnvironmentVariables";

/** Words that mark an environment variable's key as a secret (matched as `_`-separated parts of the key). */
export const SECRET_KEY_WORDS = ["KEY", "SECRET", "TOKEN", "PASSWORD", "PASSWD", "PWD", "PASS", "DSN", "CREDENTIAL", "CREDENTIALS", "PRIVATE", "SIGNING", "AUTH", "SALT", "APIKEY"] as const;

/** Parts that mark a secret even inside a longer word (`STRIPESECRETKEY`, `DBPASSWORD`; a word ending in TOKEN: `GITHUBTOKEN`, not `TOKENIZER`). */
export const SECRET_KEY_PARTS = ["SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "APIKEY", "PRIVATEKEY", "ACCESSKEY"] as const;
/** Words of a datastore whose URL or URI carries its credentials (`DATABASE_URL`, `REDIS_URL`, `MONGODB_URI`). */
const DATASTORE_WORDS = ["DATABASE", "DB", "POSTGRES", "POSTGRESQL", "PG", "MYSQL", "REDIS", "MONGO", "MONGODB", "AMQP", "RABBITMQ", "KV"];

/**
 * Whether a key names a secret: one of its `_`/`-`-separated words is a secret word (`STRIPE_SECRET_KEY`,
 * `SENTRY_DSN`), a secret part hides inside a word (`STRIPESECRETKEY`), or it is a datastore's URL (`DATABASE_URL`).
 */
export function looksSecret(key: string): boolean {
  const upper = key.toUpperCase();
  const words = upper.split(/[_\-.]+/);
  if (words.some((w) => (SECRET_KEY_WORDS as readonly string[]).includes(w))) return true;
  if (SECRET_KEY_PARTS.some((p) => upper.includes(p)) || words.some((w) => /.TOKENS?$/.test(w))) return true;
  return words.some((w) => DATASTORE_WORDS.includes(w)) && words.some((w) => w === "URL" || w === "URI");
}

/** Vercel env vars that hold secrets are `sensitive`: write-only, never readable again in the dashboard or API. */
export const environmentVariableEnforceSensitive = resourceCheck({
  kind: "resource",
  id: "vercel-project-environment-variable-enforce-sensitive",
  description: "Vercel environment variables whose key looks like a secret (KEY, SECRET, TOKEN, PASSWORD, DSN, …) or whose value is a Pulumi secret are marked sensitive.",
  severity: "high",
  controls: ["CC6.1"],
  equivalents: {},
  remediation: "Set sensitive: true on the variable (sensitive variables apply to production and preview targets) and pass the value as a Pulumi secret.",
  enforcementLevel: "mandatory",
  resourceTypes: [SINGLE, SHARED, MANY],
  validateResource({ type, props, isSecret, notApplicable }, report) {
    if (type === MANY) {
      const vars: unknown[] = Array.isArray(props.variables) ? props.variables : [];
      const offenders = vars
        .map((v) => v as { key?: unknown; sensitive?: unknown })
        .filter((v) => typeof v.key === "string" && looksSecret(v.key) && v.sensitive !== true)
        .map((v) => String(v.key));
      for (const key of offenders) report(`variable ${key} looks like a secret but is not sensitive; expected sensitive: true.`);
      return;
    }
    const key = typeof props.key === "string" ? props.key : "?";
    const secretValue = isSecret("value");
    const secretKey = looksSecret(key);
    if (!secretValue && !secretKey) notApplicable(`${key} does not look like a secret`);
    if (props.sensitive === true) return;
    const why = secretValue ? "its value is a Pulumi secret" : "its key looks like a secret";
    report(`variable ${key} is not sensitive but ${why}; expected sensitive: true.`);
  },
});
