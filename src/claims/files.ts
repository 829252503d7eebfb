/** Where the security page's claims live in a project (relative to its root). */
export const DEFAULT_CLAIMS_FILE = "docs/claims.yaml";
