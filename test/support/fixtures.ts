import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Text of a file under test/fixtures. */
export function fixture(rel: string): string {
  return readFileSync(join(__dirname, "..", "fixtures", rel), "utf8");
}

/** A minimal valid tenant file (id acme), the base that tests change one property of. */
export const ACME_TENANT = fixture("tenants/acme.yaml");
