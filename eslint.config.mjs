import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "out/", "coverage/", ".incidents/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  {
    files: ["bin/**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", process: "readonly", module: "writable", __dirname: "readonly", console: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Directions that must hold (ARCHITECTURE.md): policy logic is pure; only src/aws talks to AWS; core never imports the CLI.
    files: ["src/**/*.ts"],
    ignores: ["src/aws/**", "src/cli/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@aws-sdk/*"], message: "only src/aws/ adapters import the AWS SDK" }, { group: ["**/cli/**", "../cli/*"], message: "core modules never import the CLI" }] }],
    },
  },
  {
    files: ["src/policy/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@pulumi/pulumi", "@pulumi/pulumi/*", "@pulumi/aws", "@pulumiverse/*", "@aws-sdk/*"], message: "checks are pure functions of a resource's props" }] }],
    },
  },
);
