import { describe, expect, it } from "vitest";
import { unquotedHyphenTerm } from "../../src/incident/filterPattern";
import { actionSpec } from "../../src/incident/actions";

describe("src/incident/filterPattern", () => {
  it("finds an unquoted term with '-' (CloudWatch Logs would not read it as one term)", () => {
    expect([unquotedHyphenTerm("billing-bot"), unquotedHyphenTerm("ERROR billing-bot"), unquotedHyphenTerm("?billing-bot")]).toEqual(["billing-bot", "billing-bot", "?billing-bot"]);
  });

  it("accepts quoted terms, plain terms, exclusions of plain terms and JSON or space-delimited patterns", () => {
    expect(['"billing-bot"', "ERROR -DEBUG", '-"billing-bot"', '{ $.agent = "billing-bot" }', "[ip, user-id]", "key.create"].map(unquotedHyphenTerm)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("makes aws.logs.search refuse the unquoted term with a message that shows the fix", () => {
    const r = actionSpec("aws.logs.search").inputs.safeParse({ tenant: "acme", from: "30d", pattern: "billing-bot" });
    expect(r.success ? "accepted" : r.error.issues.map((i) => i.message)).toEqual([`expected terms with '-' in double quotes; CloudWatch Logs does not read billing-bot as one term (write it as "billing-bot")`]);
  });
});
