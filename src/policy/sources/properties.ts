import { MASKED_SECRET, secret, SECRET_SIG, SIG_KEY } from "../values";

export type SecretsMode = "b64" | "opaque";

/**
 * Normalizes properties from a Pulumi state file: drops `__`-prefixed internal keys (`__defaults`, `__meta`), turns
 * plaintext secrets into known secrets, and ciphertext the reader cannot decrypt into "[secret]" (as
 * `pulumi policy analyze` does). The `b64` secrets provider's ciphertext is base64 of the JSON plaintext.
 */
export function normalizeStateProperties(value: unknown, mode: SecretsMode): unknown {
  if (Array.isArray(value)) return value.map((v) => normalizeStateProperties(v, mode));
  if (typeof value !== "object" || value === null) return value;
  const obj = value as Record<string, unknown>;
  if (obj[SIG_KEY] === SECRET_SIG) {
    if (typeof obj.plaintext === "string") return secret(normalizeStateProperties(parseJson(obj.plaintext), mode));
    if ("value" in obj) return secret(normalizeStateProperties(obj.value, mode));
    if (mode === "b64" && typeof obj.ciphertext === "string") {
      const text = Buffer.from(obj.ciphertext, "base64").toString("utf8");
      return secret(normalizeStateProperties(parseJson(text), mode));
    }
    return MASKED_SECRET;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k.startsWith("__")) continue;
    out[k] = normalizeStateProperties(v, mode);
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
