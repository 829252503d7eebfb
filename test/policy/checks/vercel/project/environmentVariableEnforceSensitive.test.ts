import { describe, expect, it } from "vitest";
import { environmentVariableEnforceSensitive as check, looksSecret } from "../../../../../src/policy/checks/vercel/project/environmentVariableEnforceSensitive";
import { MASKED_SECRET, secret } from "../../../../../src/policy/values";
import { record, run, withProp } from "../../../support";

const T = "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable";
const valid = { projectId: "prj_1", key: "STRIPE_SECRET_KEY", value: MASKED_SECRET, sensitive: true, targets: ["production", "preview"] };
const envVar = (props: Record<string, unknown>, type = T) => run(check, [record(type, "env", props)]);

describe("src/policy/checks/vercel/project/environmentVariableEnforceSensitive", () => {
  it("passes a sensitive secret", () => {
    expect(envVar(valid)).toMatchObject({ status: "pass", messages: [] });
  });

  it("fails a secret-looking key that is not sensitive", () => {
    expect(envVar(withProp({ ...valid, value: "sk_live_x" }, "sensitive", false)).messages).toEqual([
      "variable STRIPE_SECRET_KEY is not sensitive but its key looks like a secret; expected sensitive: true.",
    ]);
  });

  it("fails a Pulumi-secret value that is not sensitive, whatever the key", () => {
    expect(envVar({ ...valid, key: "CONVEX_URL", value: secret("https://x.convex.cloud"), sensitive: false }).messages).toEqual([
      "variable CONVEX_URL is not sensitive but its value is a Pulumi secret; expected sensitive: true.",
    ]);
  });

  it("does not apply to plain configuration", () => {
    expect(envVar({ ...valid, key: "NEXT_PUBLIC_APP_URL", value: "https://emailmate.dev", sensitive: false })).toMatchObject({
      status: "not-applicable",
      messages: ["NEXT_PUBLIC_APP_URL does not look like a secret"],
    });
  });

  it("checks each variable of a ProjectEnvironmentVariables resource", () => {
    const many = { projectId: "prj_1", variables: [{ key: "SENTRY_DSN", value: "x", sensitive: false }, { key: "APP_NAME", value: "emailmate", sensitive: false }] };
    expect(envVar(many, "vercel:index/projectEnvironmentVariables:ProjectEnvironmentVariables").messages).toEqual([
      "variable SENTRY_DSN looks like a secret but is not sensitive; expected sensitive: true.",
    ]);
  });

  it("recognises unambiguous secret parts inside words and datastore URLs", () => {
    expect(["STRIPESECRETKEY", "GITHUBTOKEN", "DBPASSWORD", "DATABASE_URL", "REDIS_URL", "MONGODB_URI", "NEXT_PUBLIC_SITE_URL", "TOKENIZER_URL"].map(looksSecret)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it("recognises secret words as parts of the key, not substrings", () => {
    expect([looksSecret("POSTHOG_API_KEY"), looksSecret("SENTRY_DSN"), looksSecret("DB_PASSWORD"), looksSecret("MONKEY_MODE"), looksSecret("TOKENIZER_URL")]).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
